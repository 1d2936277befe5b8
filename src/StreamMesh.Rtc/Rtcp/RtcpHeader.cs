using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// The 4-byte header common to all RTCP packets (RFC 3550 §6.4.1):
/// <c>V=2 | P | count/FMT (5 bits) | PT (8 bits) | length in 32-bit words minus one (16 bits)</c>.
/// </summary>
/// <param name="HasPadding">The P bit: the last octet of the packet counts padding octets.</param>
/// <param name="Count">Report count, source count or feedback FMT (5 bits).</param>
/// <param name="PacketType">The packet type.</param>
/// <param name="LengthInWords">The length field: packet size in 32-bit words minus one.</param>
public readonly record struct RtcpHeader(bool HasPadding, byte Count, RtcpPacketType PacketType, ushort LengthInWords)
{
    /// <summary>Size of the common header.</summary>
    public const int Size = 4;

    /// <summary>Size of the whole packet in bytes, header and padding included.</summary>
    public int PacketLength => (LengthInWords + 1) * 4;

    /// <summary>Parses the header at the start of <paramref name="data"/>; false unless version is 2.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Size || data[0] >> 6 != 2)
        {
            return false;
        }

        header = new RtcpHeader(
            (data[0] & 0x20) != 0,
            (byte)(data[0] & 0x1F),
            (RtcpPacketType)data[1],
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        return true;
    }

    /// <summary>Writes the 4 header bytes and returns 4.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (Count > 31)
        {
            throw new ArgumentException("Count/FMT is a 5-bit field.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (HasPadding ? 0x20 : 0) | Count);
        destination[1] = (byte)PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], LengthInWords);
        return Size;
    }
}
