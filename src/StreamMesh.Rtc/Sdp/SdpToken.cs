namespace StreamMesh.Rtc.Sdp;

/// <summary>Character-class checks from the RFC 8866 §9 grammar.</summary>
internal static class SdpToken
{
    /// <summary>token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.</summary>
    public static bool IsTokenChar(char c) =>
        c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
        || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');

    public static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Non-empty and free of whitespace and control characters (ufrags, mids, SSRC attribute names...).</summary>
    public static bool IsVisibleText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    public static bool ContainsLineBreak(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0;
}
