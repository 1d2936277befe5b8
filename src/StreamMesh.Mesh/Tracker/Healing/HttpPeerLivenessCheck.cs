using System.Net.Sockets;

namespace StreamMesh.Mesh.Tracker.Healing;

/// <summary>
/// GET {url}/healthz with a short timeout. A refused or reset connection means the node's process is gone (its host
/// answered for it); a timeout proves nothing (a partition, a slow host) and is reported as <see cref="PeerLiveness.Unknown"/>.
/// </summary>
public sealed class HttpPeerLivenessCheck : IPeerLivenessCheck, IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates the check.</summary>
    /// <param name="timeout">How long to wait for an answer before calling it unknown.</param>
    public HttpPeerLivenessCheck(TimeSpan timeout)
    {
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = timeout };
    }

    /// <inheritdoc />
    public async Task<PeerLiveness> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate($"{url.TrimEnd('/')}/healthz", UriKind.Absolute, out Uri? health) || health.Scheme is not ("http" or "https"))
        {
            return PeerLiveness.Unknown;
        }

        try
        {
            using HttpResponseMessage response = await _http.GetAsync(health, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            // Any answer means the process lives: a relay still attaching answers 503 "starting", and removing it would
            // orphan the children it is about to feed. Only a refused connection proves a dead peer.
            return PeerLiveness.Alive;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset })
        {
            return PeerLiveness.Dead;
        }
        catch (HttpRequestException)
        {
            return PeerLiveness.Unknown;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PeerLiveness.Unknown;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
