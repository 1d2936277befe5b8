using System.Buffers;

namespace StreamMesh.Media.Sources;

/// <summary>
/// One encoded video access unit: an H.264 Annex B access unit (start codes included, beginning with its
/// access unit delimiter) or one VP8 frame. The bytes live in a buffer rented from <see cref="ArrayPool{T}.Shared"/>;
/// the consumer that reads the frame owns it and must <see cref="Dispose"/> it once it has packetized the data.
/// </summary>
public sealed class EncodedVideoFrame : IDisposable
{
    /// <summary>RTP clock rate for video (RFC 6184 §8.2.1, RFC 7741 §6.1).</summary>
    public const int ClockRate = 90_000;

    private byte[]? _buffer;

    private EncodedVideoFrame(byte[] buffer, int length, SourceVideoCodec codec, long index, long timestamp, bool isKeyframe, DateTimeOffset captureTime)
    {
        _buffer = buffer;
        Length = length;
        Codec = codec;
        Index = index;
        Timestamp = timestamp;
        IsKeyframe = isKeyframe;
        CaptureTime = captureTime;
    }

    /// <summary>Codec of <see cref="Data"/>.</summary>
    public SourceVideoCodec Codec { get; }

    /// <summary>Zero-based position of the frame in the source's output.</summary>
    public long Index { get; }

    /// <summary>
    /// Presentation time in 90 kHz units, starting at 0 and never wrapping. The RTP layer adds its random
    /// offset and truncates to 32 bits (RFC 3550 §5.1).
    /// </summary>
    public long Timestamp { get; }

    /// <summary>True for an H.264 IDR access unit (carrying SPS and PPS) or a VP8 key frame.</summary>
    public bool IsKeyframe { get; }

    /// <summary>Wall-clock time (from the source's TimeProvider) at which the frame's first bytes were read from ffmpeg.</summary>
    public DateTimeOffset CaptureTime { get; }

    /// <summary>Number of bytes in <see cref="Data"/>.</summary>
    public int Length { get; }

    /// <summary>The encoded bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Data => new(_buffer ?? throw new ObjectDisposedException(nameof(EncodedVideoFrame)), 0, Length);

    /// <summary>Returns the buffer to the pool. Idempotent.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies <paramref name="data"/> into a pooled buffer.</summary>
    internal static EncodedVideoFrame CopyOf(ReadOnlySpan<byte> data, SourceVideoCodec codec, long index, long timestamp, bool isKeyframe, DateTimeOffset captureTime)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        return new EncodedVideoFrame(buffer, data.Length, codec, index, timestamp, isKeyframe, captureTime);
    }

    /// <summary>Takes ownership of a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal static EncodedVideoFrame FromPooled(byte[] pooledBuffer, int length, SourceVideoCodec codec, long index, long timestamp, bool isKeyframe, DateTimeOffset captureTime)
        => new(pooledBuffer, length, codec, index, timestamp, isKeyframe, captureTime);
}
