using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// One Generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet id (PID) and a bitmask of following
/// lost packets (BLP), where bit i (least significant first) means PID + i + 1 is lost too.
/// <code>
/// |            PID                |             BLP               |
/// </code>
/// </summary>
/// <param name="PacketId">The first lost sequence number.</param>
/// <param name="LostBitmask">Bit i set: <c>PacketId + i + 1</c> is also lost.</param>
public readonly record struct NackPair(ushort PacketId, ushort LostBitmask) : IRtcpListItem<NackPair>
{
    /// <summary>Wire size of a pair.</summary>
    public const int WireSize = 4;

    /// <summary>Most sequence numbers one pair can carry.</summary>
    public const int MaxLostPerPair = 17;

    /// <inheritdoc />
    public static int Size => WireSize;

    /// <summary>Number of lost packets this pair reports (1 to 17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);

    /// <inheritdoc />
    public static NackPair Read(ReadOnlySpan<byte> data) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..]));

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], LostBitmask);
        return WireSize;
    }

    /// <summary>Writes the lost sequence numbers in ascending order and returns how many.</summary>
    public int CopyLostSequenceNumbersTo(Span<ushort> destination)
    {
        int count = 0;
        destination[count++] = PacketId;
        for (int bit = 0; bit < 16; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0)
            {
                destination[count++] = unchecked((ushort)(PacketId + bit + 1));
            }
        }

        return count;
    }

    /// <summary>True when this pair reports <paramref name="sequenceNumber"/> lost.</summary>
    public bool Contains(ushort sequenceNumber)
    {
        int offset = unchecked((ushort)(sequenceNumber - PacketId));
        return offset == 0 || (offset <= 16 && (LostBitmask & (1 << (offset - 1))) != 0);
    }
}
