using StreamMesh.Mesh.Hosting.Emulation;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Measures the HTTP round trip to a node's <c>/healthz</c>, the way the browser player and relays
/// probe candidates: best of three, since the first pays for the TCP handshake.
/// </summary>
public sealed class HttpRttProbe(HttpClient http, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <returns>The RTT in milliseconds, or null when the node does not answer 2xx.</returns>
    public Task<double?> MeasureAsync(string baseUrl, CancellationToken cancellationToken) =>
        MeasureAsync(baseUrl, site: null, attempts: 3, TimeSpan.FromSeconds(2), cancellationToken);

    /// <summary>
    /// Best of <paramref name="attempts"/> round trips; <paramref name="site"/> names the prober's site to a node that
    /// emulates inter-site latency (docs/chaos.md), since every loopback prober comes from the same address.
    /// </summary>
    /// <returns>The RTT in milliseconds, or null when the node does not answer 2xx within <paramref name="timeout"/>.</returns>
    public async Task<double?> MeasureAsync(string baseUrl, string? site, int attempts, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var uri = new Uri($"{baseUrl.TrimEnd('/')}/healthz");
        double? best = null;
        for (var i = 0; i < attempts; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (site is not null)
            {
                request.Headers.TryAddWithoutValidation(EmulatedLatency.SiteHeader, site);
            }

            var started = _time.GetTimestamp();
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout); // a node slower than this is no candidate
                using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            var rtt = _time.GetElapsedTime(started).TotalMilliseconds;
            best = best is null ? rtt : Math.Min(best.Value, rtt);
        }

        return best is { } b ? Math.Round(b, 2) : null;
    }
}
