using System.Buffers;
using System.Threading.Channels;
using FFMpegCore.Pipes;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// An ffmpeg pipe input fed from the receive path: chunks are copied into pooled buffers and queued,
/// and FFMpegCore's writer task drains the queue into ffmpeg's pipe. The receive path never waits on
/// ffmpeg. <see cref="Complete"/> ends the input (ffmpeg sees end of file).
/// </summary>
public sealed class FramePipeSource(string streamArguments) : IPipeSource
{
    private readonly Channel<(byte[] Buffer, int Length)> _queue = Channel.CreateUnbounded<(byte[] Buffer, int Length)>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private long _bytesWritten;

    /// <summary>Bytes ffmpeg has read so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public string GetStreamArguments() => streamArguments;

    /// <summary>Queues a copy of <paramref name="data"/>; false after <see cref="Complete"/>.</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        if (_queue.Writer.TryWrite((buffer, data.Length)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    public void Complete() => _queue.Writer.TryComplete();

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputStream);
        try
        {
            await foreach (var (buffer, length) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await outputStream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesWritten, length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            await outputStream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // ffmpeg stopped reading (exited or was cancelled): release what is still queued.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }
}
