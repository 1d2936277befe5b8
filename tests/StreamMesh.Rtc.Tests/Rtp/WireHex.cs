namespace StreamMesh.Rtc.Tests.Rtp;

/// <summary>Parses annotated hex dumps: bytes as hex pairs, anything after "//" on a line is a comment.</summary>
internal static class WireHex
{
    public static byte[] Parse(string annotated)
    {
        var hex = new System.Text.StringBuilder();
        foreach (string line in annotated.Split('\n'))
        {
            int comment = line.IndexOf("//", StringComparison.Ordinal);
            string bytes = comment >= 0 ? line[..comment] : line;
            foreach (char c in bytes)
            {
                if (!char.IsWhiteSpace(c) && c != '|')
                {
                    hex.Append(c);
                }
            }
        }

        return Convert.FromHexString(hex.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
