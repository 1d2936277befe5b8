using System.Buffers.Binary;

namespace StreamMesh.Fuzz.Engine;

/// <summary>
/// Byte-level mutations in place: bit flips, interesting values, insert/delete/duplicate ranges,
/// truncation, length-field lies (8- and 16-bit fields set to 0, max, or off-by-some of the real
/// remaining length) and splicing with another seed. No allocation.
/// </summary>
public static class ByteMutator
{
    private const int OperationCount = 13;

    private static ReadOnlySpan<byte> InterestingBytes => [0x00, 0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x20, 0x3F, 0x40, 0x7E, 0x7F, 0x80, 0x81, 0xBE, 0xC0, 0xDE, 0xFE, 0xFF];

    /// <summary>Applies one random mutation to buffer[0..length); returns the new length (at most buffer.Length).</summary>
    public static int MutateOnce(Span<byte> buffer, int length, ReadOnlySpan<byte> other, IReadOnlyList<byte[]> dictionary, FuzzRandom random)
    {
        switch (random.Next(OperationCount))
        {
            case 0 when length > 0:
                buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                return length;
            case 1 when length > 0:
                buffer[random.Next(length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return length;
            case 2 when length > 0:
                buffer[random.Next(length)] = random.NextByte();
                return length;
            case 3:
                return InsertRandom(buffer, length, random);
            case 4 when length > 1:
                return Delete(buffer, length, random);
            case 5 when length > 1:
                return Duplicate(buffer, length, random);
            case 6 when length > 0:
                return random.Next(length);
            case 7 when length >= 2:
                LieAboutLength16(buffer, length, random);
                return length;
            case 8 when length >= 1:
                LieAboutLength8(buffer, length, random);
                return length;
            case 9 when !other.IsEmpty:
                return Splice(buffer, length, other, random);
            case 10 when !other.IsEmpty && length > 0:
                OverwriteFrom(buffer, length, other, random);
                return length;
            case 11 when dictionary.Count > 0:
                return Insert(buffer, length, random.Next(length + 1), dictionary[random.Next(dictionary.Count)]);
            case 12:
                return Extend(buffer, length, random);
            default:
                return length == 0 ? InsertRandom(buffer, length, random) : FlipAnyBit(buffer, length, random);
        }
    }

    /// <summary>Opens a gap of <paramref name="count"/> bytes at <paramref name="at"/>; returns the usable gap.</summary>
    public static int OpenGap(Span<byte> buffer, int length, int at, int count, out int newLength)
    {
        count = Math.Min(count, buffer.Length - length);
        if (count <= 0)
        {
            newLength = length;
            return 0;
        }

        buffer[at..length].CopyTo(buffer[(at + count)..]);
        newLength = length + count;
        return count;
    }

    /// <summary>Inserts <paramref name="token"/> at <paramref name="at"/> (clipped to the buffer).</summary>
    public static int Insert(Span<byte> buffer, int length, int at, ReadOnlySpan<byte> token)
    {
        int room = OpenGap(buffer, length, at, token.Length, out int newLength);
        token[..room].CopyTo(buffer[at..]);
        return newLength;
    }

    private static int FlipAnyBit(Span<byte> buffer, int length, FuzzRandom random)
    {
        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
        return length;
    }

    private static int InsertRandom(Span<byte> buffer, int length, FuzzRandom random)
    {
        int at = random.Next(length + 1);
        int room = OpenGap(buffer, length, at, random.Next(1, 17), out int newLength);
        random.Fill(buffer.Slice(at, room));
        return newLength;
    }

    private static int Delete(Span<byte> buffer, int length, FuzzRandom random)
    {
        int at = random.Next(length);
        int count = Math.Min(length - at, random.OneIn(4) ? random.Next(1, 64) : random.Next(1, 5));
        buffer[(at + count)..length].CopyTo(buffer[at..]);
        return length - count;
    }

    private static int Duplicate(Span<byte> buffer, int length, FuzzRandom random)
    {
        int from = random.Next(length);
        int count = Math.Min(length - from, random.Next(1, 65));
        int at = random.Next(length + 1);
        Span<byte> chunk = stackalloc byte[64];
        buffer.Slice(from, count).CopyTo(chunk);
        return Insert(buffer, length, at, chunk[..count]);
    }

    // Length fields are where parsers go wrong: claim zero, the maximum, or the true remaining length
    // give or take a little (RTCP counts 32-bit words, STUN bytes, so both scales are tried).
    private static void LieAboutLength16(Span<byte> buffer, int length, FuzzRandom random)
    {
        int at = random.OneIn(2) ? random.Next(length - 1) & ~1 : random.Next(length - 1);
        int remaining = length - at - 2;
        int lie = random.Next(10) switch
        {
            0 => 0,
            1 => 0xFFFF,
            2 => 0x7FFF,
            3 => 0x8000,
            4 => remaining + random.Next(-4, 5),
            5 => (remaining / 4) + random.Next(-2, 3),
            6 => remaining + 4,
            7 => BinaryPrimitives.ReadUInt16BigEndian(buffer[at..]) + random.Next(-8, 9),
            8 => random.Next(64),
            _ => random.Next(0x10000),
        };
        BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], (ushort)lie);
    }

    private static void LieAboutLength8(Span<byte> buffer, int length, FuzzRandom random)
    {
        int at = random.Next(length);
        int remaining = length - at - 1;
        buffer[at] = random.Next(5) switch
        {
            0 => 0,
            1 => 0xFF,
            2 => (byte)(remaining + random.Next(-2, 3)),
            3 => (byte)(buffer[at] + random.Next(-4, 5)),
            _ => (byte)random.Next(32),
        };
    }

    private static int Splice(Span<byte> buffer, int length, ReadOnlySpan<byte> other, FuzzRandom random)
    {
        int cut = random.Next(length + 1);
        int from = random.Next(other.Length);
        int count = Math.Min(other.Length - from, buffer.Length - cut);
        other.Slice(from, count).CopyTo(buffer[cut..]);
        return cut + count;
    }

    private static void OverwriteFrom(Span<byte> buffer, int length, ReadOnlySpan<byte> other, FuzzRandom random)
    {
        int at = random.Next(length);
        int from = random.Next(other.Length);
        int count = Math.Min(Math.Min(other.Length - from, length - at), random.Next(1, 33));
        other.Slice(from, count).CopyTo(buffer[at..]);
    }

    private static int Extend(Span<byte> buffer, int length, FuzzRandom random)
    {
        int room = Math.Min(buffer.Length - length, random.OneIn(8) ? random.Next(1, 1024) : random.Next(1, 32));
        buffer.Slice(length, room).Fill(random.OneIn(2) ? (byte)0 : (byte)0xFF);
        return length + room;
    }
}
