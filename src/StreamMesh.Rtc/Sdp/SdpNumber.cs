using System.Globalization;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Strict decimal parsing for SDP fields: digits only, no sign, no whitespace, invariant culture
/// (RFC 8866 §9 uses 1*DIGIT throughout).
/// </summary>
internal static class SdpNumber
{
    private const NumberStyles Digits = NumberStyles.None;

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, Digits, CultureInfo.InvariantCulture, out value);

    public static bool TryParseUInt(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, Digits, CultureInfo.InvariantCulture, out value);

    public static bool TryParseULong(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, Digits, CultureInfo.InvariantCulture, out value);

    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RTP payload types are 7 bits (RFC 3550 §5.1).</summary>
    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        TryParseInt(text, out payloadType) && payloadType <= 127;

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
