using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Full Intra Request, FIR (RFC 5104 §4.3.1): payload-specific feedback (PT=206, FMT=4). The media
/// source SSRC field is unused and set to 0 (§4.3.1.2); the addressed senders are in the entries.
/// <code>
/// |V=2|P|  FMT=4  |    PT=206     |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |                              SSRC                             | x N
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </summary>
public readonly ref struct FullIntraRequest : IRtcpPacket<FullIntraRequest>
{
    /// <summary>Builds a FIR with one or more entries.</summary>
    public FullIntraRequest(uint senderSsrc, ReadOnlySpan<FullIntraRequestEntry> entries)
        : this(senderSsrc, 0, new RtcpItemList<FullIntraRequestEntry>(entries))
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("A FIR carries at least one entry (RFC 5104 §4.3.1.1).", nameof(entries));
        }
    }

    private FullIntraRequest(uint senderSsrc, uint mediaSsrc, RtcpItemList<FullIntraRequestEntry> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Entries = entries;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The media source field as received (unused by RFC 5104; 0 when built here).</summary>
    public uint MediaSsrc { get; }

    /// <summary>The FCI entries.</summary>
    public RtcpItemList<FullIntraRequestEntry> Entries { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + 8 + Entries.ByteLength;

    /// <summary>True when an entry addresses <paramref name="ssrc"/>; yields its command sequence number.</summary>
    public bool TryGetSequenceNumber(uint ssrc, out byte sequenceNumber)
    {
        foreach (FullIntraRequestEntry entry in Entries)
        {
            if (entry.Ssrc == ssrc)
            {
                sequenceNumber = entry.SequenceNumber;
                return true;
            }
        }

        sequenceNumber = 0;
        return false;
    }

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out FullIntraRequest packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetFeedbackBody(
                data,
                RtcpPacketType.PayloadSpecificFeedback,
                RtcpFeedbackFormat.FullIntraRequest,
                out uint sender,
                out uint media,
                out ReadOnlySpan<byte> fci))
        {
            return false;
        }

        int entries = fci.Length / FullIntraRequestEntry.WireSize;
        if (entries == 0)
        {
            return false;
        }

        packet = new FullIntraRequest(sender, media, RtcpItemList<FullIntraRequestEntry>.FromWire(fci[..(entries * FullIntraRequestEntry.WireSize)]));
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        RtcpFraming.WriteHeader(destination, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        Entries.WriteTo(destination[12..]);
        return length;
    }
}
