namespace StreamMesh.Media.Tests.Payload;

/// <summary>Parses annotated hex: whitespace is ignored and "#" starts a comment up to the end of the line.</summary>
internal static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var digits = new System.Text.StringBuilder();
        foreach (string line in annotated.Split('\n'))
        {
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            string data = comment >= 0 ? line[..comment] : line;
            foreach (char c in data)
            {
                if (!char.IsWhiteSpace(c))
                {
                    digits.Append(c);
                }
            }
        }

        return Convert.FromHexString(digits.ToString());
    }
}
