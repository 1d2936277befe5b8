using System.Buffers.Binary;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// The IVF container as ffmpeg reads it: a 32-byte file header, then per frame a 12-byte header with
/// the frame size and a 64-bit presentation timestamp. It is how the recorder hands ffmpeg video
/// frames WITH their RTP timestamps (time base 1/90000), so ffmpeg needs no wall clock to time them.
/// ffmpeg's IVF reader maps the fourcc through its AVI tag table, so "H264" carries Annex B H.264.
/// </summary>
public static class IvfFormat
{
    public const int FileHeaderLength = 32;

    public const int FrameHeaderLength = 12;

    /// <summary>Writes the file header for a 90 kHz time base.</summary>
    /// <param name="fourcc">"VP80" or "H264".</param>
    public static void WriteFileHeader(Span<byte> destination, string fourcc, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(fourcc);
        if (fourcc.Length != 4)
        {
            throw new ArgumentException("a fourcc has four characters", nameof(fourcc));
        }

        destination[..FileHeaderLength].Clear();
        "DKIF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], FileHeaderLength);
        for (var i = 0; i < 4; i++)
        {
            destination[8 + i] = (byte)fourcc[i];
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], (ushort)height);

        // Time base denominator then numerator: 1/90000, the RTP video clock (RFC 6184 §8.2.1, RFC 7741 §6.1).
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 90_000);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 1);
    }

    public static void WriteFrameHeader(Span<byte> destination, int frameLength, long timestamp90kHz)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)frameLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], timestamp90kHz);
    }

    /// <summary>Width and height from a VP8 keyframe header (RFC 6386 §9.1); false for an interframe.</summary>
    public static bool TryReadVp8Size(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        if (frame.Length < 10 || (frame[0] & 0x01) != 0 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3fff;
        height = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]) & 0x3fff;
        return true;
    }
}
