using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// One FIR FCI entry (RFC 5104 §4.3.1.1): the media sender addressed and a command sequence number
/// that the requester increments for each new request (repeats of a request keep the number).
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </summary>
/// <param name="Ssrc">The media sender that should send a decoder refresh point.</param>
/// <param name="SequenceNumber">The command sequence number.</param>
public readonly record struct FullIntraRequestEntry(uint Ssrc, byte SequenceNumber) : IRtcpListItem<FullIntraRequestEntry>
{
    /// <summary>Wire size of an entry.</summary>
    public const int WireSize = 8;

    /// <inheritdoc />
    public static int Size => WireSize;

    /// <inheritdoc />
    public static FullIntraRequestEntry Read(ReadOnlySpan<byte> data) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(data), data[4]);

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);

        // RFC 5104 §4.3.1.1: the reserved bits are set to 0 by the sender.
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)SequenceNumber << 24);
        return WireSize;
    }
}
