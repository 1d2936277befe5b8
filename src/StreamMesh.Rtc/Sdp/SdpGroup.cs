using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=group:&lt;semantics&gt;[ &lt;identification-tag&gt;]..." (RFC 5888 §5). For BUNDLE the first mid is the
/// tagged m= section whose transport the group uses (RFC 8843 §7.2.1).
/// </summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public const string Bundle = "BUNDLE";

    public const string LipSync = "LS";

    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.Ordinal);

    public bool Contains(string mid) => Mids.Contains(mid, StringComparer.Ordinal);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ');
        if (!SdpToken.IsToken(fields[0]))
        {
            return false;
        }

        for (int i = 1; i < fields.Length; i++)
        {
            if (!SdpToken.IsVisibleText(fields[i]))
            {
                return false;
            }
        }

        group = new SdpGroup(fields[0], fields[1..]);
        return true;
    }

    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}
