using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// In-place edits of a serialized RTP packet, so a forwarder can rewrite SSRC, sequence number,
/// timestamp, payload type and marker per child without copying (RFC 3550 §7.3 translator rewriting).
/// The packet must already have passed <see cref="RtpHeader.TryParse"/>; a buffer shorter than the
/// fixed header is a caller bug and throws.
/// </summary>
public static class RtpHeaderRewriter
{
    /// <summary>Overwrites the SSRC (bytes 8-11).</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }

    /// <summary>Overwrites the sequence number (bytes 2-3).</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);
    }

    /// <summary>Overwrites the timestamp (bytes 4-7).</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
    }

    /// <summary>Overwrites the 7-bit payload type, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        EnsureFixedHeader(packet);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)0x7F);
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker)
    {
        EnsureFixedHeader(packet);
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
    }

    /// <summary>
    /// Finds the data of RFC 8285 element <paramref name="id"/> as a writable slice of the packet,
    /// e.g. to stamp a fresh transport-wide sequence number per child. False on malformed input.
    /// </summary>
    public static bool TryGetExtensionValue(Span<byte> packet, byte id, out Span<byte> value)
    {
        value = default;
        if (!RtpHeader.TryParse(packet, out RtpHeader header) || !header.HasExtension)
        {
            return false;
        }

        if (!header.Extensions.TryFindOffset(id, out int offset, out int length))
        {
            return false;
        }

        int dataStart = RtpHeader.FixedLength + header.CsrcData.Length + 4;
        value = packet.Slice(dataStart + offset, length);
        return true;
    }

    private static void EnsureFixedHeader(Span<byte> packet)
    {
        if (packet.Length < RtpHeader.FixedLength)
        {
            throw new ArgumentException("Not an RTP packet: shorter than the 12-byte fixed header.", nameof(packet));
        }
    }
}
