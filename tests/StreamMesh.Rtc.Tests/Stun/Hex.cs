using System.Globalization;

namespace StreamMesh.Rtc.Tests.Stun;

/// <summary>Turns annotated hex (as printed in RFCs) into bytes: hex pairs count, "//" comments and whitespace do not.</summary>
internal static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var digits = new System.Text.StringBuilder();
        foreach (string rawLine in annotated.Split('\n'))
        {
            int comment = rawLine.IndexOf("//", StringComparison.Ordinal);
            string line = comment < 0 ? rawLine : rawLine[..comment];
            foreach (char c in line)
            {
                if (Uri.IsHexDigit(c))
                {
                    digits.Append(c);
                }
            }
        }

        string s = digits.ToString();
        var bytes = new byte[s.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(s.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }
}
