using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Session-level "a=msid-semantic:WMS [ids]" from early msid drafts. Chromium still writes it, with a space
/// after the colon (<c>a=msid-semantic: WMS</c>), which is accepted here.
/// </summary>
public sealed record SdpMsidSemantic(string Semantic, IReadOnlyList<string> Identifiers)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsidSemantic? semantic)
    {
        semantic = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !SdpToken.IsToken(fields[0]))
        {
            return false;
        }

        semantic = new SdpMsidSemantic(fields[0], fields[1..]);
        return true;
    }

    public override string ToString() =>
        Identifiers.Count == 0 ? Semantic : $"{Semantic} {string.Join(' ', Identifiers)}";
}
