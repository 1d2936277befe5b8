namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>Parses hex the way RFCs print it: spaces and line breaks between groups are ignored.</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                digits.Append(c);
            }
        }

        return Convert.FromHexString(digits.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
