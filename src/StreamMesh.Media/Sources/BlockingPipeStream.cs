namespace StreamMesh.Media.Sources;

/// <summary>
/// A read-only view of one of ffmpeg's output pipes whose asynchronous reads block: for a pipe reader that
/// runs on a thread of its own (<see cref="RunOnOwnThread"/>), so each of ffmpeg's writes wakes that one
/// thread. An asynchronous read instead goes through the runtime's socket event thread, which then hands the
/// completion to a thread-pool worker: two thread wake-ups per write, about a hundred writes a second per
/// source (every video frame, every 20 ms of audio) — a measurable part of an origin's CPU (docs/ingest.md).
/// </summary>
/// <remarks>
/// A blocked read cannot be cancelled; it ends when ffmpeg exits or is killed (the pipe closes), which is how
/// every source stops. The cancellation token is still checked before each read.
/// </remarks>
internal sealed class BlockingPipeStream(Stream pipe) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a dedicated thread: with a <see cref="BlockingPipeStream"/> its awaits
    /// complete synchronously, so the whole read loop (and the frame consumers it continues into) stays there.
    /// </summary>
    public static Task RunOnOwnThread(Func<Task> read, string name)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                read().GetAwaiter().GetResult();
                completion.TrySetResult();
            }
#pragma warning disable CA1031 // The exception is handed to whoever awaits the read, as an async read would.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                completion.TrySetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }

    public override int Read(byte[] buffer, int offset, int count) => pipe.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => pipe.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(pipe.Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(pipe.Read(buffer, offset, count));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
