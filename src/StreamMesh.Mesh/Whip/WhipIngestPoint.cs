using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Whip;

/// <summary>
/// Where WHIP publishers meet one stream's supervisor: at most one publisher holds the stream at a time (a second
/// POST gets 409 until the first ends), and the supervisor waits here for the holder to connect. Thread-safe.
/// </summary>
public sealed class WhipIngestPoint
{
    private readonly Lock _gate = new();
    private WhipPublisherSession? _holder;
    private TaskCompletionSource<WhipPublisherSession> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WhipIngestPoint(LiveStream stream, string? publishToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream = stream;
        PublishToken = string.IsNullOrEmpty(publishToken) ? null : publishToken;
    }

    public LiveStream Stream { get; }

    /// <summary>The bearer token a publisher must present, or null when publishing is open.</summary>
    public string? PublishToken { get; }

    /// <summary>The publisher holding the stream (connecting or connected), if any.</summary>
    public WhipPublisherSession? Publisher
    {
        get
        {
            lock (_gate)
            {
                return _holder;
            }
        }
    }

    /// <summary>Publishers that connected (ICE and DTLS done) to this stream.</summary>
    public long PublishersConnected { get; private set; }

    /// <summary>Waits until a publisher holding the stream has connected (ICE and DTLS done).</summary>
    public async Task<WhipPublisherSession> WaitForPublisherAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<WhipPublisherSession> connected;
            lock (_gate)
            {
                connected = _connected.Task;
            }

            var session = await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!session.Ended.IsCompleted)
            {
                return session;
            }

            // It ended before the supervisor took it: forget it and wait for the next.
            Release(session);
        }
    }

    /// <summary>Makes <paramref name="session"/> the stream's publisher unless another one holds it.</summary>
    internal bool TryHold(WhipPublisherSession session)
    {
        lock (_gate)
        {
            if (_holder is not null && !_holder.Ended.IsCompleted)
            {
                return false;
            }

            _holder = session;
            if (_connected.Task.IsCompleted)
            {
                _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return true;
        }
    }

    internal void OnConnected(WhipPublisherSession session)
    {
        lock (_gate)
        {
            if (_holder == session && _connected.TrySetResult(session))
            {
                PublishersConnected++;
            }
        }
    }

    internal void Release(WhipPublisherSession session)
    {
        lock (_gate)
        {
            if (_holder == session)
            {
                _holder = null;
            }

            if (_connected.Task.IsCompletedSuccessfully && _connected.Task.Result == session)
            {
                _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
