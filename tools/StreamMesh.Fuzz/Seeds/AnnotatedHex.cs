namespace StreamMesh.Fuzz.Seeds;

/// <summary>Turns annotated hex (as printed in RFCs) into bytes: "//" comments and whitespace are ignored.</summary>
public static class AnnotatedHex
{
    public static byte[] Parse(string annotated)
    {
        ArgumentNullException.ThrowIfNull(annotated);
        var digits = new System.Text.StringBuilder();
        foreach (string rawLine in annotated.Split('\n'))
        {
            int comment = rawLine.IndexOf("//", StringComparison.Ordinal);
            foreach (char c in comment < 0 ? rawLine : rawLine[..comment])
            {
                if (char.IsAsciiHexDigit(c))
                {
                    digits.Append(c);
                }
            }
        }

        return Convert.FromHexString(digits.ToString());
    }
}
