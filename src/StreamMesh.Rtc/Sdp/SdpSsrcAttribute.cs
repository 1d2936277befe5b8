using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]" (RFC 5576 §4.1), e.g. <c>a=ssrc:30242114 cname:cGow/nnCs774qnN0</c>.
/// </summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value = null)
{
    /// <summary>The source's CNAME (RFC 5576 §6.1).</summary>
    public const string Cname = "cname";

    /// <summary>Legacy per-SSRC msid (still sent by Chromium).</summary>
    public const string Msid = "msid";

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcAttribute? attribute)
    {
        attribute = null;
        if (value is null)
        {
            return false;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpNumber.TryParseUInt(value.AsSpan(0, space), out uint ssrc))
        {
            return false;
        }

        string rest = value[(space + 1)..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? rest : rest[..colon];
        if (!SdpToken.IsToken(name))
        {
            return false;
        }

        attribute = new SdpSsrcAttribute(ssrc, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }

    public override string ToString() =>
        Value is null ? $"{SdpNumber.Format(Ssrc)} {Name}" : $"{SdpNumber.Format(Ssrc)} {Name}:{Value}";
}
