using System.Buffers.Binary;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>Builds plaintext RTP/RTCP packets in buffers with spare room for the SRTP trailer.</summary>
internal static class TestPackets
{
    public const int Spare = 32;

    /// <summary>An RTP packet (RFC 3550 §5.1) with a payload of bytes derived from the sequence number.</summary>
    public static byte[] Rtp(
        ushort sequenceNumber, uint ssrc = 0x11223344, int payloadLength = 160,
        int csrcCount = 0, int extensionWords = 0, int padding = 0)
    {
        int headerLength = 12 + (4 * csrcCount) + (extensionWords > 0 ? 4 + (4 * extensionWords) : 0);
        int length = headerLength + payloadLength + padding;
        var buffer = new byte[length + Spare];
        buffer[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 90_000u * sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12 + (4 * i)), 0xC0000000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            int at = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), (ushort)extensionWords);
            buffer.AsSpan(at + 4, 4 * extensionWords).Fill(0xEE);
        }

        for (int i = 0; i < payloadLength; i++)
        {
            buffer[headerLength + i] = (byte)(sequenceNumber + i);
        }

        if (padding > 0)
        {
            buffer[length - 1] = (byte)padding;
        }

        return buffer;
    }

    /// <summary>Length of the plaintext packet <see cref="Rtp"/> built.</summary>
    public static int Length(byte[] buffer) => buffer.Length - Spare;

    /// <summary>A receiver report (RFC 3550 §6.4.2) with one report block, 32 bytes.</summary>
    public static byte[] Rtcp(uint ssrc = 0x11223344, byte fill = 0x5A)
    {
        var buffer = new byte[32 + Spare];
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        buffer.AsSpan(8, 24).Fill(fill);
        return buffer;
    }
}
