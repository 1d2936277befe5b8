using System.Text;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// The SDES MID header extension (RFC 7941, RFC 8843 §15): the media identification of the m= section
/// a packet belongs to, which Chrome uses to demultiplex a BUNDLE group before SSRCs are known.
/// The value is UTF-8 text without a terminator.
/// </summary>
public static class SdesMidExtension
{
    /// <summary>The extmap URI.</summary>
    public const string Uri = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>Longest value the two-byte form can carry (the one-byte form stops at 16).</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Reads the MID. A NUL byte ends the value: senders that pad the text are tolerated, and an
    /// empty value is rejected (RFC 7941 §4.1 gives the item a non-zero length).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mid)
    {
        int end = value.IndexOf((byte)0);
        mid = end < 0 ? value : value[..end];
        return !mid.IsEmpty;
    }

    /// <summary>True when the element carries exactly <paramref name="midUtf8"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> value, ReadOnlySpan<byte> midUtf8) =>
        TryRead(value, out ReadOnlySpan<byte> mid) && mid.SequenceEqual(midUtf8);

    /// <summary>UTF-8 length of <paramref name="mid"/>.</summary>
    public static int GetLength(ReadOnlySpan<char> mid) => Encoding.UTF8.GetByteCount(mid);

    /// <summary>Writes the UTF-8 text and returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<char> mid) => Encoding.UTF8.GetBytes(mid, destination);

    /// <summary>Appends the element to a block under construction; false for an empty or over-long MID.</summary>
    public static bool TryAdd(ref RtpHeaderExtensionWriter writer, byte id, ReadOnlySpan<char> mid)
    {
        int length = GetLength(mid);
        if (length is 0 or > MaxLength || !writer.TryReserve(id, length, out Span<byte> slot))
        {
            return false;
        }

        Write(slot, mid);
        return true;
    }
}
