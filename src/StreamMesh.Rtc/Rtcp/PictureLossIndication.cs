using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Picture Loss Indication, PLI (RFC 4585 §6.3.1): payload-specific feedback (PT=206, FMT=1) with no
/// FCI, asking the media sender for a decoder refresh (in practice a keyframe).
/// <code>
/// |V=2|P|  FMT=1  |    PT=206     |          length=2             |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// </code>
/// </summary>
/// <param name="SenderSsrc">SSRC of the packet sender.</param>
/// <param name="MediaSsrc">SSRC of the media source that should send a keyframe.</param>
public readonly record struct PictureLossIndication(uint SenderSsrc, uint MediaSsrc) : IRtcpPacket<PictureLossIndication>
{
    /// <summary>Wire size of a PLI.</summary>
    public const int WireSize = 12;

    /// <inheritdoc />
    public int Length => WireSize;

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out PictureLossIndication packet)
    {
        if (!RtcpFraming.TryGetFeedbackBody(
                data,
                RtcpPacketType.PayloadSpecificFeedback,
                RtcpFeedbackFormat.PictureLossIndication,
                out uint sender,
                out uint media,
                out _))
        {
            packet = default;
            return false;
        }

        packet = new PictureLossIndication(sender, media);
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        RtcpFraming.EnsureCapacity(destination, WireSize);
        RtcpFraming.WriteHeader(destination, RtcpFeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadSpecificFeedback, WireSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        return WireSize;
    }
}
