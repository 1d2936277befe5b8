using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Receiver report, RR (RFC 3550 §6.4.2): the reporter's SSRC followed by up to 31 report blocks.
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (24 bytes each) ...             |
/// |                  profile-specific extensions ...              |
/// </code>
/// </summary>
public readonly ref struct ReceiverReport : IRtcpPacket<ReceiverReport>
{
    /// <summary>Builds a receiver report (an empty one is legal and keeps RTCP alive).</summary>
    public ReceiverReport(uint senderSsrc, ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
        {
            throw new ArgumentException("At most 31 report blocks fit the RC field.", nameof(reportBlocks));
        }

        SenderSsrc = senderSsrc;
        ReportBlocks = new RtcpItemList<ReportBlock>(reportBlocks);
        ProfileExtension = default;
    }

    private ReceiverReport(uint senderSsrc, RtcpItemList<ReportBlock> blocks, ReadOnlySpan<byte> extension)
    {
        SenderSsrc = senderSsrc;
        ReportBlocks = blocks;
        ProfileExtension = extension;
    }

    /// <summary>SSRC of the reporter.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The reception report blocks.</summary>
    public RtcpItemList<ReportBlock> ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (parsed packets only).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + 4 + ReportBlocks.ByteLength + ProfileExtension.Length;

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverReport packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetBody(data, RtcpPacketType.ReceiverReport, out RtcpHeader header, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        int blocksLength = header.Count * ReportBlock.WireSize;
        if (body.Length < 4 + blocksLength)
        {
            return false;
        }

        ReadOnlySpan<byte> extension = body[(4 + blocksLength)..];
        if (extension.Length % 4 != 0)
        {
            // RFC 3550 §6.4.1: padding counts are multiples of four, so the profile-specific extension
            // is whole words; anything else came from a lying count and could not be re-sent.
            return false;
        }

        packet = new ReceiverReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            RtcpItemList<ReportBlock>.FromWire(body.Slice(4, blocksLength)),
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

        RtcpFraming.WriteHeader(destination, ReportBlocks.Count, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        int offset = 8 + ReportBlocks.WriteTo(destination[8..]);
        ProfileExtension.CopyTo(destination[offset..]);
        return length;
    }
}
