using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Stun;

/// <summary>
/// The 96-bit transaction ID of a STUN message (RFC 8489 §5). Held as two integers so that it can be
/// a dictionary key without allocating.
/// </summary>
public readonly record struct StunTransactionId
{
    /// <summary>Size of a transaction ID on the wire.</summary>
    public const int Length = 12;

    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Reads a transaction ID from the first 12 bytes of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 12 bytes.</exception>
    public static StunTransactionId Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
        {
            throw new ArgumentException("A STUN transaction ID is 12 bytes.", nameof(source));
        }

        return new StunTransactionId(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));
    }

    /// <summary>
    /// A new transaction ID from a cryptographically strong generator, as RFC 8489 §6 requires so that
    /// responses cannot be forged by guessing.
    /// </summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Writes the 12 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    /// <summary>Lower-case hex, 24 characters.</summary>
    public override string ToString() =>
        _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x8", CultureInfo.InvariantCulture);
}
