using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt;[ &lt;extension attributes&gt;]" (RFC 8285 §5).
/// Ids 1-14 fit the one-byte header form, 1-255 the two-byte form (RFC 8285 §4.2, §4.3).
/// </summary>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection? Direction = null, string? ExtensionAttributes = null)
{
    public const int MaxId = 255;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpExtmap? extmap)
    {
        extmap = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ', 3);
        if (fields.Length < 2 || !SdpToken.IsVisibleText(fields[1]))
        {
            return false;
        }

        string idText = fields[0];
        SdpDirection? direction = null;
        int slash = idText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpDirectionExtensions.TryParseAttributeName(idText[(slash + 1)..], out SdpDirection parsed))
            {
                return false;
            }

            direction = parsed;
            idText = idText[..slash];
        }

        if (!SdpNumber.TryParseInt(idText, out int id) || id is < 1 or > MaxId)
        {
            return false;
        }

        string? attributes = fields.Length == 3 ? fields[2] : null;
        extmap = new SdpExtmap(id, fields[1], direction, attributes);
        return true;
    }

    public override string ToString()
    {
        string id = Direction is SdpDirection d ? $"{SdpNumber.Format(Id)}/{d.ToAttributeName()}" : SdpNumber.Format(Id);
        return ExtensionAttributes is null ? $"{id} {Uri}" : $"{id} {Uri} {ExtensionAttributes}";
    }
}
