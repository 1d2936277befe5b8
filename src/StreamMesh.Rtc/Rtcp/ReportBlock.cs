using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// A reception report block carried in SR and RR packets (RFC 3550 §6.4.1):
/// <code>
/// |                 SSRC_1 (SSRC of first source)                 |
/// | fraction lost |       cumulative number of packets lost       |
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// </code>
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Loss since the previous report as a fixed-point fraction (lost × 256 / expected).</param>
/// <param name="CumulativeLost">Total packets lost, a signed 24-bit value (duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycle count in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units (RFC 3550 §6.4.1, A.8).</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP time of the last SR received from the source, or 0.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in units of 1/65536 s, or 0.</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport) : IRtcpListItem<ReportBlock>
{
    /// <summary>Wire size of a report block.</summary>
    public const int WireSize = 24;

    /// <summary>Largest cumulative loss the 24-bit signed field holds.</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;

    /// <summary>Smallest cumulative loss the 24-bit signed field holds.</summary>
    public const int MinCumulativeLost = -0x80_0000;

    /// <inheritdoc />
    public static int Size => WireSize;

    /// <inheritdoc />
    public static ReportBlock Read(ReadOnlySpan<byte> data)
    {
        // Sign-extend the 24-bit cumulative loss by shifting it into the top of an int and back.
        int cumulative = (int)(BinaryPrimitives.ReadUInt32BigEndian(data[4..]) << 8) >> 8;
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    /// <summary>Parses one block; false when fewer than 24 bytes are available.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out ReportBlock block)
    {
        if (data.Length < WireSize)
        {
            block = default;
            return false;
        }

        block = Read(data);
        return true;
    }

    /// <summary>Writes the 24 bytes, clamping the cumulative loss to its 24-bit range.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < WireSize)
        {
            throw new ArgumentException($"Destination needs {WireSize} bytes.", nameof(destination));
        }

        int cumulative = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)cumulative & 0x00FF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return WireSize;
    }
}
