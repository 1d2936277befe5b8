using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>Shared framing checks for the packet parsers and writers.</summary>
internal static class RtcpFraming
{
    /// <summary>
    /// Validates the common header of one packet at the start of <paramref name="data"/> and returns
    /// its body: the bytes after the header, with P-bit padding removed (RFC 3550 §6.4.1).
    /// </summary>
    public static bool TryGetBody(ReadOnlySpan<byte> data, RtcpPacketType type, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!RtcpHeader.TryParse(data, out header) || header.PacketType != type)
        {
            return false;
        }

        int length = header.PacketLength;
        if (length > data.Length)
        {
            return false;
        }

        int padding = 0;
        if (header.HasPadding)
        {
            padding = data[length - 1];
            if (padding == 0 || padding > length - RtcpHeader.Size)
            {
                return false;
            }
        }

        body = data[RtcpHeader.Size..(length - padding)];
        return true;
    }

    /// <summary>Validates a feedback packet (RFC 4585 §6.1) of the given FMT and returns the body after the two SSRCs.</summary>
    public static bool TryGetFeedbackBody(
        ReadOnlySpan<byte> data,
        RtcpPacketType type,
        int format,
        out uint senderSsrc,
        out uint mediaSsrc,
        out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!TryGetBody(data, type, out RtcpHeader header, out ReadOnlySpan<byte> body) || header.Count != format || body.Length < 8)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    /// <summary>Writes the common header for a packet of <paramref name="length"/> bytes (a multiple of 4).</summary>
    public static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        new RtcpHeader(false, (byte)count, type, (ushort)((length / 4) - 1)).WriteTo(destination);
    }

    /// <summary>Throws when a builder is given too small a buffer: a caller bug, not network input.</summary>
    public static void EnsureCapacity(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination needs {length} bytes.", nameof(destination));
        }

        if (length > (ushort.MaxValue + 1) * 4)
        {
            throw new ArgumentException("RTCP packet exceeds the 16-bit length field.", nameof(destination));
        }
    }
}
