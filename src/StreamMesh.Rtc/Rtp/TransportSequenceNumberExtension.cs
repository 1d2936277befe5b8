using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// The transport-wide sequence number header extension
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): one 16-bit counter shared by every
/// media stream on the transport, echoed back in transport-wide feedback.
/// </summary>
public static class TransportSequenceNumberExtension
{
    /// <summary>The extmap URI.</summary>
    public const string Uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Element data length in bytes.</summary>
    public const int Length = 2;

    /// <summary>Reads the element data; false unless it is exactly 2 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length != Length)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>Writes the 2 data bytes and returns 2.</summary>
    public static int Write(Span<byte> destination, ushort sequenceNumber)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, sequenceNumber);
        return Length;
    }

    /// <summary>Appends the element to a block under construction.</summary>
    public static bool TryAdd(ref RtpHeaderExtensionWriter writer, byte id, ushort sequenceNumber)
    {
        if (!writer.TryReserve(id, Length, out Span<byte> slot))
        {
            return false;
        }

        Write(slot, sequenceNumber);
        return true;
    }
}
