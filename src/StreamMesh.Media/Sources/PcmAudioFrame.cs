using System.Buffers;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Exactly 20 ms of interleaved signed 16-bit little-endian stereo PCM at 48 kHz — one Opus frame's worth
/// (RFC 7587 §4.2). The bytes live in a pooled buffer; the consumer owns the frame and must <see cref="Dispose"/> it.
/// </summary>
public sealed class PcmAudioFrame : IDisposable
{
    /// <summary>Sample clock rate, which is also Opus's RTP clock rate (RFC 7587 §4.1).</summary>
    public const int ClockRate = MediaSourceOptions.AudioSampleRate;

    /// <summary>Samples per channel in one frame (20 ms at 48 kHz).</summary>
    public const int SamplesPerChannel = 960;

    /// <summary>Bytes in one frame: 960 samples × 2 channels × 2 bytes.</summary>
    public const int ByteLength = SamplesPerChannel * MediaSourceOptions.AudioChannels * sizeof(short);

    private byte[]? _buffer;

    internal PcmAudioFrame(byte[] pooledBuffer, long index, DateTimeOffset captureTime)
    {
        _buffer = pooledBuffer;
        Index = index;
        Timestamp = index * SamplesPerChannel;
        CaptureTime = captureTime;
    }

    /// <summary>Zero-based position of the frame in the source's audio output.</summary>
    public long Index { get; }

    /// <summary>Sample index of the first sample (48 kHz units), starting at 0; consecutive frames differ by 960.</summary>
    public long Timestamp { get; }

    /// <summary>Wall-clock time (from the source's TimeProvider) at which the frame was read from ffmpeg.</summary>
    public DateTimeOffset CaptureTime { get; }

    /// <summary>The <see cref="ByteLength"/> PCM bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Data => new(_buffer ?? throw new ObjectDisposedException(nameof(PcmAudioFrame)), 0, ByteLength);

    /// <summary>Returns the buffer to the pool. Idempotent.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
