using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.ForwardBench;

/// <summary>
/// The node as a relay: its stream comes from a parent (<see cref="ParentProcess"/>) over WHEP, through the relay's own
/// <see cref="UpstreamLink"/> on the node's endpoint — ICE, DTLS, SRTP decrypt, RTX unwrap, NACK/PLI/RR upstream and the
/// rewrite into the relay's <see cref="RelayedStream"/>, as <c>RelayStreamRunner</c> attaches to a parent — minus the
/// tracker: the parent is given, there is no ticket, standby or healing.
/// </summary>
internal sealed class RelayIngress : IBenchIngress
{
    private readonly ParentProcess _parent;
    private readonly UpstreamLink _link;
    private readonly HttpClient _http;
    private bool _publishing;
    private bool _disposed;

    private RelayIngress(ParentProcess parent, UpstreamLink link, HttpClient http, LiveStream stream)
    {
        _parent = parent;
        _link = link;
        _http = http;
        Stream = stream;
    }

    public LiveStream Stream { get; }

    /// <summary>A relay's stream is created by <see cref="RelayedStream"/> on the process-wide scheduler, as in a relay node.</summary>
    public FanOutScheduler Scheduler => FanOutScheduler.Shared;

    public bool IsRelay => true;

    public bool IsPublishing => _publishing;

    public string? Failure => _parent.ExitDescription
        ?? (_link.Connection.State is PeerConnectionState.Failed or PeerConnectionState.Closed ? $"upstream connection {_link.Connection.State}" : null);

    public int ParentProcessId => _parent.Id;

    public Uri ParentWhepUrl => _parent.WhepUrl;

    /// <summary>Starts the parent process and attaches to it; the relay's stream exists once this returns (media follows <see cref="StartPublishing"/>).</summary>
    public static async Task<RelayIngress> ConnectAsync(ForwardBenchOptions options, StreamRegistry registry, WebRtcEndpoint endpoint, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var parent = await ParentProcess.StartAsync(options, cancellationToken);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var target = new RelayedStream(SyntheticSource.StreamName, registry, TimeProvider.System);
        var link = new UpstreamLink(target, endpoint, TimeProvider.System, loggers);
        try
        {
            // The first link of a relay: nothing to make-before-break with, so it publishes from the parent's first packet.
            link.RequestActivation(null);
            await link.ConnectAsync(http, parent.WhepUrl, ticket: null, RelayStreamRunner.ConnectTimeout, cancellationToken);
            return new RelayIngress(parent, link, http, target.Live ?? throw new InvalidOperationException("the relay created no stream"));
        }
        catch
        {
            await link.DisposeAsync();
            http.Dispose();
            await parent.DisposeAsync();
            throw;
        }
    }

    public void StartPublishing()
    {
        if (!_publishing)
        {
            _publishing = true;
            _parent.StartPublishing();
        }
    }

    public IngressSample Sample()
    {
        var video = _link.VideoStatistics;
        return new IngressSample(
            _link.PacketsReceived,
            video?.PacketsReceived ?? 0,
            Math.Max(0, video?.CumulativeLost ?? 0),
            video?.JitterTime.TotalMilliseconds ?? 0,
            _parent.CpuTicks());
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // The link first: it ends its WHEP session at the parent (DELETE) while the parent still runs.
        await _link.DisposeAsync();
        _http.Dispose();
        await _parent.DisposeAsync();
    }
}
