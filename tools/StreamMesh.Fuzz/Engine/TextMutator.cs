using System.Text;

namespace StreamMesh.Fuzz.Engine;

/// <summary>
/// Structure-aware mutations for line-oriented text (SDP, candidate and fingerprint lines): whole
/// lines deleted, duplicated, swapped or borrowed from another seed; numbers replaced by boundary
/// values; separators and protocol keywords inserted. No allocation.
/// </summary>
public static class TextMutator
{
    private const int OperationCount = 7;

    private static readonly byte[][] InterestingNumbers =
    [
        "0"u8.ToArray(), "-1"u8.ToArray(), "1"u8.ToArray(), "65535"u8.ToArray(), "65536"u8.ToArray(),
        "2147483647"u8.ToArray(), "2147483648"u8.ToArray(), "4294967295"u8.ToArray(), "4294967296"u8.ToArray(),
        "18446744073709551616"u8.ToArray(), "99999999999999999999999999"u8.ToArray(), "127"u8.ToArray(), "128"u8.ToArray(),
        "255"u8.ToArray(), "256"u8.ToArray(), "+5"u8.ToArray(), "0x10"u8.ToArray(), "1e9"u8.ToArray(), "00000000000000000001"u8.ToArray(),
    ];

    private static readonly byte[][] Separators =
    [
        " "u8.ToArray(), "  "u8.ToArray(), "\t"u8.ToArray(), "\r\n"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), "\0"u8.ToArray(),
        ":"u8.ToArray(), "="u8.ToArray(), "/"u8.ToArray(), ";"u8.ToArray(), "-"u8.ToArray(), "."u8.ToArray(), ","u8.ToArray(),
        "\u00e9"u8.ToArray(), "\ufeff"u8.ToArray(), [0xFF], [0xC3],
    ];

    private static readonly byte[] LongToken = Encoding.ASCII.GetBytes(new string('A', 1500));

    /// <summary>Applies one text mutation to buffer[0..length); returns the new length.</summary>
    public static int MutateOnce(Span<byte> buffer, int length, ReadOnlySpan<byte> other, IReadOnlyList<byte[]> dictionary, FuzzRandom random)
    {
        switch (random.Next(OperationCount))
        {
            case 0 when length > 0:
                return DeleteLine(buffer, length, random);
            case 1 when length > 0:
                return DuplicateLine(buffer, length, random);
            case 2 when !other.IsEmpty:
                return InsertLineFrom(buffer, length, other, random);
            case 3 when length > 0:
                return ReplaceNumber(buffer, length, random);
            case 4:
                return ByteMutator.Insert(buffer, length, TokenBoundary(buffer, length, random), Separators[random.Next(Separators.Length)]);
            case 5 when dictionary.Count > 0:
                return ByteMutator.Insert(buffer, length, TokenBoundary(buffer, length, random), dictionary[random.Next(dictionary.Count)]);
            case 6 when random.OneIn(8):
                return ByteMutator.Insert(buffer, length, TokenBoundary(buffer, length, random), LongToken.AsSpan(0, random.Next(1, LongToken.Length)));
            default:
                return ByteMutator.MutateOnce(buffer, length, other, dictionary, random);
        }
    }

    private static (int Start, int End) PickLine(ReadOnlySpan<byte> text, FuzzRandom random)
    {
        int at = random.Next(text.Length);
        int start = text[..at].LastIndexOf((byte)'\n') + 1;
        int newline = text[at..].IndexOf((byte)'\n');
        int end = newline < 0 ? text.Length : at + newline + 1;
        return (start, end);
    }

    private static int DeleteLine(Span<byte> buffer, int length, FuzzRandom random)
    {
        (int start, int end) = PickLine(buffer[..length], random);
        buffer[end..length].CopyTo(buffer[start..]);
        return length - (end - start);
    }

    private static int DuplicateLine(Span<byte> buffer, int length, FuzzRandom random)
    {
        (int start, int end) = PickLine(buffer[..length], random);
        int count = end - start;
        int room = ByteMutator.OpenGap(buffer, length, end, count, out int newLength);
        buffer.Slice(start, room).CopyTo(buffer[end..]);
        return newLength;
    }

    private static int InsertLineFrom(Span<byte> buffer, int length, ReadOnlySpan<byte> other, FuzzRandom random)
    {
        (int start, int end) = PickLine(other, random);
        int at = length == 0 ? 0 : PickLine(buffer[..length], random).Start;
        return ByteMutator.Insert(buffer, length, at, other[start..end]);
    }

    private static int ReplaceNumber(Span<byte> buffer, int length, FuzzRandom random)
    {
        int at = random.Next(length);
        int digit = buffer[at..length].IndexOfAnyInRange((byte)'0', (byte)'9');
        if (digit < 0)
        {
            return length;
        }

        int start = at + digit;
        int end = start;
        while (end < length && buffer[end] is >= (byte)'0' and <= (byte)'9')
        {
            end++;
        }

        buffer[end..length].CopyTo(buffer[start..]);
        length -= end - start;
        return ByteMutator.Insert(buffer, length, start, InterestingNumbers[random.Next(InterestingNumbers.Length)]);
    }

    private static int TokenBoundary(ReadOnlySpan<byte> text, int length, FuzzRandom random)
    {
        if (length == 0)
        {
            return 0;
        }

        int at = random.Next(length);
        int boundary = text[at..length].IndexOfAny((byte)' ', (byte)'\r', (byte)'\n');
        return boundary < 0 ? length : at + boundary + (random.OneIn(2) ? 1 : 0);
    }
}
