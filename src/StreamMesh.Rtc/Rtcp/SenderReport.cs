using System.Buffers.Binary;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Sender report, SR (RFC 3550 §6.4.1): sender info (NTP and RTP timestamps of the same instant,
/// packet and octet counts) plus up to 31 report blocks.
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (24 bytes each) ...             |
/// |                  profile-specific extensions ...              |
/// </code>
/// </summary>
public readonly ref struct SenderReport : IRtcpPacket<SenderReport>
{
    private const int SenderInfoLength = 20;

    /// <summary>Builds a sender report.</summary>
    public SenderReport(
        uint senderSsrc,
        NtpTimestamp ntpTime,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
        {
            throw new ArgumentException("At most 31 report blocks fit the RC field.", nameof(reportBlocks));
        }

        SenderSsrc = senderSsrc;
        NtpTime = ntpTime;
        RtpTimestamp = rtpTimestamp;
        PacketCount = packetCount;
        OctetCount = octetCount;
        ReportBlocks = new RtcpItemList<ReportBlock>(reportBlocks);
        ProfileExtension = default;
    }

    private SenderReport(uint senderSsrc, NtpTimestamp ntpTime, uint rtpTimestamp, uint packetCount, uint octetCount, RtcpItemList<ReportBlock> blocks, ReadOnlySpan<byte> extension)
    {
        SenderSsrc = senderSsrc;
        NtpTime = ntpTime;
        RtpTimestamp = rtpTimestamp;
        PacketCount = packetCount;
        OctetCount = octetCount;
        ReportBlocks = blocks;
        ProfileExtension = extension;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Wall-clock time at which this report was sent.</summary>
    public NtpTimestamp NtpTime { get; }

    /// <summary>The same instant in the media clock, for lip sync and RTT.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Packets sent since starting transmission.</summary>
    public uint PacketCount { get; }

    /// <summary>Payload octets sent since starting transmission.</summary>
    public uint OctetCount { get; }

    /// <summary>The reception report blocks.</summary>
    public RtcpItemList<ReportBlock> ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (parsed packets only).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + 4 + SenderInfoLength + ReportBlocks.ByteLength + ProfileExtension.Length;

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out SenderReport packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetBody(data, RtcpPacketType.SenderReport, out RtcpHeader header, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        int blocksLength = header.Count * ReportBlock.WireSize;
        if (body.Length < 4 + SenderInfoLength + blocksLength)
        {
            return false;
        }

        ReadOnlySpan<byte> blocks = body.Slice(4 + SenderInfoLength, blocksLength);
        ReadOnlySpan<byte> extension = body[(4 + SenderInfoLength + blocksLength)..];
        if (extension.Length % 4 != 0)
        {
            // RFC 3550 §6.4.1: the padding count "will be a multiple of four", so the profile-specific
            // extension is whole words; one that is not came from a lying count and could not be re-sent.
            return false;
        }

        packet = new SenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(body[4..])),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            RtcpItemList<ReportBlock>.FromWire(blocks),
            extension);
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        if (ProfileExtension.Length % 4 != 0)
        {
            throw new ArgumentException("Profile extensions must be whole 32-bit words.", nameof(destination));
        }

        RtcpFraming.WriteHeader(destination, ReportBlocks.Count, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTime.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        int offset = 28 + ReportBlocks.WriteTo(destination[28..]);
        ProfileExtension.CopyTo(destination[offset..]);
        return length;
    }
}
