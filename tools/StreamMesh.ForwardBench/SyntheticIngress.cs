using StreamMesh.Mesh.Streams;

namespace StreamMesh.ForwardBench;

/// <summary>The node as an origin: <see cref="SyntheticSource"/> publishes straight into its stream on a thread of its own.</summary>
internal sealed class SyntheticIngress : IBenchIngress
{
    private readonly FanOutScheduler _scheduler;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private bool _started;
    private bool _disposed;

    public SyntheticIngress(StreamRegistry registry, FanOutOptions fanOut, int videoKilobitsPerSecond)
    {
        _scheduler = new FanOutScheduler(fanOut);
        Stream = SyntheticSource.CreateStream(_scheduler);
        registry.Add(Stream);
        var source = new SyntheticSource(Stream, videoKilobitsPerSecond);
        _thread = new Thread(() => source.Run(_stop.Token)) { IsBackground = true, Name = "synthetic-source" };
    }

    public LiveStream Stream { get; }

    public FanOutScheduler Scheduler => _scheduler;

    public bool IsRelay => false;

    public bool IsPublishing => _started;

    public string? Failure => null;

    public void StartPublishing()
    {
        if (!_started)
        {
            _started = true;
            _thread.Start();
        }
    }

    public IngressSample Sample() => default;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        if (_started)
        {
            _thread.Join();
        }

        Stream.Dispose();
        _scheduler.Dispose();
        _stop.Dispose();
    }
}
