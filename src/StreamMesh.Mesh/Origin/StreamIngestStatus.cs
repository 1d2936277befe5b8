namespace StreamMesh.Mesh.Origin;

/// <summary>A stream's ingest as the dashboard and /metrics/ingest see it. Updated by the stream's supervisor; read from any thread.</summary>
public sealed class StreamIngestStatus
{
    private readonly Lock _gate = new();
    private IngestState _state = IngestState.Connecting;
    private string? _lastError;
    private DateTimeOffset _since;
    private bool _passthrough;
    private long _restarts;
    private long _failures;

    public StreamIngestStatus(string stream, string source, DateTimeOffset now)
    {
        Stream = stream;
        Source = source;
        _since = now;
    }

    public string Stream { get; }

    public string Source { get; }

    public IngestState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTimeOffset Since
    {
        get
        {
            lock (_gate)
            {
                return _since;
            }
        }
    }

    /// <summary>The last failure, naming the source; kept after recovery so an operator sees what happened.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>True while the live source's video is copied rather than re-encoded.</summary>
    public bool Passthrough => Volatile.Read(ref _passthrough);

    /// <summary>Times the source went live again after being down.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>Source attempts that failed or ended.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    internal void SetLive(bool passthrough, DateTimeOffset now, bool isRestart)
    {
        Volatile.Write(ref _passthrough, passthrough);
        if (isRestart)
        {
            Interlocked.Increment(ref _restarts);
        }

        Set(IngestState.Live, now);
    }

    internal void SetDown(string? error, DateTimeOffset now)
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _passthrough, false);
        lock (_gate)
        {
            _lastError = error ?? _lastError;
        }

        Set(IngestState.Slate, now);
    }

    internal void Set(IngestState state, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_state != state)
            {
                _state = state;
                _since = now;
            }
        }
    }
}
