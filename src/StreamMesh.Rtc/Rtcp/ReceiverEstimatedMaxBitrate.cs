using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate, REMB (draft-alvestrand-rmcat-remb-03 §2.2): application layer
/// feedback (PT=206, FMT=15) identified by "REMB", with the bitrate as a 6-bit exponent and an
/// 18-bit mantissa and the SSRCs the estimate applies to.
/// <code>
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               | x Num SSRC
/// </code>
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate : IRtcpPacket<ReceiverEstimatedMaxBitrate>
{
    /// <summary>"REMB" in ASCII, big-endian.</summary>
    public const uint Identifier = 0x52454D42;

    private const int MaxMantissa = 0x3_FFFF;

    /// <summary>Builds a REMB for one SSRC.</summary>
    public ReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, uint ssrc)
        : this(senderSsrc, 0, bitrate, new SsrcList(ssrc))
    {
    }

    /// <summary>Builds a REMB for up to 255 SSRCs.</summary>
    public ReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
        : this(senderSsrc, 0, bitrate, new SsrcList(ssrcs))
    {
    }

    private ReceiverEstimatedMaxBitrate(uint senderSsrc, uint mediaSsrc, ulong bitrate, SsrcList ssrcs)
    {
        if (ssrcs.Count > 255)
        {
            throw new ArgumentException("At most 255 SSRCs fit the Num SSRC field.", nameof(ssrcs));
        }

        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Bitrate = bitrate;
        Ssrcs = ssrcs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The media source field (always 0 on the wire per the draft).</summary>
    public uint MediaSsrc { get; }

    /// <summary>
    /// The estimate in bits per second. Writing rounds down to what an 18-bit mantissa can express.
    /// </summary>
    public ulong Bitrate { get; }

    /// <summary>The SSRCs the estimate applies to.</summary>
    public SsrcList Ssrcs { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + 16 + (Ssrcs.Count * 4);

    /// <summary>True when <paramref name="data"/> starts with a PSFB FMT=15 packet carrying the "REMB" identifier.</summary>
    public static bool IsRemb(ReadOnlySpan<byte> data) =>
        RtcpFraming.TryGetFeedbackBody(data, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.ApplicationLayer, out _, out _, out ReadOnlySpan<byte> fci)
        && fci.Length >= 4
        && BinaryPrimitives.ReadUInt32BigEndian(fci) == Identifier;

    /// <summary>Splits a bitrate into exponent and mantissa, rounding down.</summary>
    public static (int Exponent, int Mantissa) Encode(ulong bitrate)
    {
        int exponent = 0;
        while ((bitrate >> exponent) > MaxMantissa)
        {
            exponent++;
        }

        return (exponent, (int)(bitrate >> exponent));
    }

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverEstimatedMaxBitrate packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetFeedbackBody(
                data,
                RtcpPacketType.PayloadSpecificFeedback,
                RtcpFeedbackFormat.ApplicationLayer,
                out uint sender,
                out uint media,
                out ReadOnlySpan<byte> fci))
        {
            return false;
        }

        if (fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        int count = fci[4];
        int exponent = fci[5] >> 2;
        ulong mantissa = ((ulong)(fci[5] & 0x03) << 16) | ((ulong)fci[6] << 8) | fci[7];
        if (fci.Length < 8 + (count * 4))
        {
            return false;
        }

        // A value that does not fit 64 bits is nonsense rather than a huge estimate.
        if (mantissa != 0 && (exponent > 63 || mantissa > (ulong.MaxValue >> exponent)))
        {
            return false;
        }

        packet = new ReceiverEstimatedMaxBitrate(sender, media, mantissa << exponent, SsrcList.FromWire(fci.Slice(8, count * 4)));
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        RtcpFraming.WriteHeader(destination, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Identifier);
        (int exponent, int mantissa) = Encode(Bitrate);
        destination[16] = (byte)Ssrcs.Count;
        destination[17] = (byte)((exponent << 2) | (mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        Ssrcs.WriteTo(destination[20..]);
        return length;
    }
}
