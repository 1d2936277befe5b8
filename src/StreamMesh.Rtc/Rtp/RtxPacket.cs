using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// RTX retransmission packets (RFC 4588 §4): the original header (CSRCs and extensions kept) with the
/// RTX SSRC, payload type and the RTX stream's own sequence number, and a payload made of the
/// original sequence number (OSN, 2 bytes) followed by the original payload. Original padding is
/// dropped. Both directions work in place: destination may be the source buffer itself.
/// </summary>
public static class RtxPacket
{
    /// <summary>Size of the OSN field that prefixes the RTX payload.</summary>
    public const int OsnLength = 2;

    /// <summary>Size of the RTX packet built from <paramref name="original"/>, or -1 when it is not valid RTP.</summary>
    public static int GetWrappedLength(ReadOnlySpan<byte> original) =>
        RtpPacket.TryParse(original, out RtpPacket packet) ? packet.Header.Length + OsnLength + packet.Payload.Length : -1;

    /// <summary>Builds the RTX packet for <paramref name="original"/> into <paramref name="destination"/>.</summary>
    public static bool TryWrap(
        ReadOnlySpan<byte> original,
        Span<byte> destination,
        uint rtxSsrc,
        byte rtxPayloadType,
        ushort rtxSequenceNumber,
        out int written)
    {
        written = 0;
        if (rtxPayloadType > 0x7F || !RtpPacket.TryParse(original, out RtpPacket packet))
        {
            return false;
        }

        int headerLength = packet.Header.Length;
        int payloadLength = packet.Payload.Length;
        int total = headerLength + OsnLength + payloadLength;
        if (destination.Length < total)
        {
            return false;
        }

        ushort osn = packet.Header.SequenceNumber;

        // Payload first: in place it moves right by two bytes, and CopyTo handles the overlap.
        original.Slice(headerLength, payloadLength).CopyTo(destination[(headerLength + OsnLength)..]);
        original[..headerLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], osn);
        Restamp(destination, rtxSsrc, rtxPayloadType, rtxSequenceNumber);
        written = total;
        return true;
    }

    /// <summary>Recovers the original packet from an RTX packet; false when it carries no OSN (e.g. padding-only probes).</summary>
    public static bool TryUnwrap(
        ReadOnlySpan<byte> rtx,
        Span<byte> destination,
        uint originalSsrc,
        byte originalPayloadType,
        out int written)
    {
        written = 0;
        if (originalPayloadType > 0x7F || !RtpPacket.TryParse(rtx, out RtpPacket packet) || packet.Payload.Length < OsnLength)
        {
            return false;
        }

        int headerLength = packet.Header.Length;
        int payloadLength = packet.Payload.Length - OsnLength;
        int total = headerLength + payloadLength;
        if (destination.Length < total)
        {
            return false;
        }

        ushort osn = BinaryPrimitives.ReadUInt16BigEndian(packet.Payload);

        // Header first: in place the payload then moves left by two bytes over the OSN.
        rtx[..headerLength].CopyTo(destination);
        rtx.Slice(headerLength + OsnLength, payloadLength).CopyTo(destination[headerLength..]);
        Restamp(destination, originalSsrc, originalPayloadType, osn);
        written = total;
        return true;
    }

    private static void Restamp(Span<byte> packet, uint ssrc, byte payloadType, ushort sequenceNumber)
    {
        // The P bit is cleared because padding is never carried across.
        packet[0] = (byte)(packet[0] & ~0x20);
        RtpHeaderRewriter.SetPayloadType(packet, payloadType);
        RtpHeaderRewriter.SetSequenceNumber(packet, sequenceNumber);
        RtpHeaderRewriter.SetSsrc(packet, ssrc);
    }
}
