using System.Buffers;
using System.Buffers.Binary;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Reads ffmpeg's VP8 output in the IVF container: a 32-byte file header ("DKIF", version, header length,
/// fourcc, size, time base rate and scale, frame count) then per frame a 12-byte header (little-endian payload
/// size and 64-bit pts) and the frame. Frames are read straight into pooled buffers that the delivered
/// <see cref="EncodedVideoFrame"/> owns. Timestamps come from the pts (ffmpeg writes it in the header's time
/// base), so a frame libvpx dropped leaves a gap instead of shifting later frames.
/// </summary>
internal sealed class IvfPipeReader
{
    public const int FileHeaderSize = 32;
    public const int FrameHeaderSize = 12;
    public const int MaxFrameSize = 8 * 1024 * 1024;

    private readonly SourceClock _clock;
    private readonly Action<EncodedVideoFrame> _deliver;
    private readonly byte[] _header = new byte[FileHeaderSize];
    private long _index;

    public IvfPipeReader(SourceClock clock, Action<EncodedVideoFrame> deliver)
    {
        _clock = clock;
        _deliver = deliver;
    }

    /// <summary>Reads until ffmpeg closes the pipe; returns null at a clean end, else why the stream is unreadable.</summary>
    public async Task<string?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(_header, FileHeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < FileHeaderSize)
        {
            return read == 0 ? null : "truncated IVF file header";
        }

        if (!TryParseFileHeader(_header, out var headerLength, out var rate, out var scale, out var problem))
        {
            return problem;
        }

        for (var skip = headerLength - FileHeaderSize; skip > 0; skip -= read)
        {
            read = await stream.ReadAsync(_header.AsMemory(0, Math.Min(skip, _header.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }
        }

        while (true)
        {
            read = await stream.ReadAtLeastAsync(_header.AsMemory(0, FrameHeaderSize), FrameHeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < FrameHeaderSize)
            {
                // ffmpeg was stopped mid-frame or finished; either way the stream is over.
                return null;
            }

            var captureTime = _clock.Now;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(_header);
            var pts = BinaryPrimitives.ReadInt64LittleEndian(_header.AsSpan(4));
            if (size is 0 or > MaxFrameSize)
            {
                return $"IVF frame {_index} claims {size} bytes";
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)size);
            try
            {
                read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)size), (int)size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read < size)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }

            // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame (the inverse of the RTP P bit, RFC 7741 §4.3).
            var isKeyframe = (buffer[0] & 0x01) == 0;
            var timestamp = (long)((Int128)pts * EncodedVideoFrame.ClockRate * scale / rate);
            _deliver(EncodedVideoFrame.FromPooled(buffer, (int)size, SourceVideoCodec.VP8, _index, timestamp, isKeyframe, captureTime));
            _index++;
        }
    }

    /// <summary>Validates the IVF file header; the time base is scale/rate seconds per pts unit.</summary>
    public static bool TryParseFileHeader(ReadOnlySpan<byte> header, out int headerLength, out uint rate, out uint scale, out string? problem)
    {
        headerLength = 0;
        rate = 0;
        scale = 0;
        problem = null;
        if (header.Length < FileHeaderSize || !header[..4].SequenceEqual("DKIF"u8))
        {
            problem = "output is not an IVF stream (no DKIF signature)";
            return false;
        }

        headerLength = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        if (headerLength < FileHeaderSize)
        {
            problem = $"IVF header length {headerLength} is shorter than {FileHeaderSize}";
            return false;
        }

        if (!header[8..12].SequenceEqual("VP80"u8))
        {
            problem = "IVF stream does not carry VP8";
            return false;
        }

        rate = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        scale = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (rate == 0 || scale == 0)
        {
            problem = $"IVF time base {scale}/{rate} is invalid";
            return false;
        }

        return true;
    }
}
