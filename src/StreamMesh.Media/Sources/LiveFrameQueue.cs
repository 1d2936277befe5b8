using System.Threading.Channels;

namespace StreamMesh.Media.Sources;

/// <summary>
/// A bounded queue of live frames between one ffmpeg pipe reader (the single writer) and consumers. When the
/// consumer falls behind, the oldest frame is dropped (and disposed, returning its buffer) rather than blocking
/// the reader: a blocked reader would stall ffmpeg's other output too, and stale live media is worthless.
/// A waiting consumer's continuation runs synchronously on the reader's thread: packetizing and fanning out a
/// frame is short non-blocking work, and handing every frame to another pool thread cost a thread wake-up per
/// frame — a measurable part of an origin's CPU (docs/ingest.md).
/// </summary>
internal sealed class LiveFrameQueue<T>
    where T : class, IDisposable
{
    private readonly Channel<T> _channel;
    private long _written;
    private long _dropped;

    public LiveFrameQueue(int capacity)
    {
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
                SingleReader = false,
                AllowSynchronousContinuations = true,
            },
            OnDropped);
    }

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Frames accepted into the queue.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Frames discarded because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the frame, or disposes it when the queue is already completed.</summary>
    public void Write(T frame)
    {
        if (_channel.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _written);
        }
        else
        {
            frame.Dispose();
        }
    }

    /// <summary>Completes the reader side; consumers see <paramref name="error"/> once the queue is drained.</summary>
    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    /// <summary>Disposes frames nobody read, returning their buffers to the pool.</summary>
    public void DisposeUnread()
    {
        while (_channel.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    private void OnDropped(T frame)
    {
        Interlocked.Increment(ref _dropped);
        frame.Dispose();
    }
}
