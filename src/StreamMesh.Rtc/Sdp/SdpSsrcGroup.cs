using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt;..." (RFC 5576 §4.2): FID pairs a source with its RTX stream
/// (RFC 4588 §8.3), SIM lists simulcast layers.
/// </summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <summary>Flow identification: primary SSRC then its retransmission SSRC (RFC 5888 §7, RFC 4588 §8.3).</summary>
    public const string Fid = "FID";

    /// <summary>Chromium's legacy simulcast grouping.</summary>
    public const string Sim = "SIM";

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ');
        if (fields.Length < 2 || !SdpToken.IsToken(fields[0]))
        {
            return false;
        }

        var ssrcs = new uint[fields.Length - 1];
        for (int i = 1; i < fields.Length; i++)
        {
            if (!SdpNumber.TryParseUInt(fields[i], out ssrcs[i - 1]))
            {
                return false;
            }
        }

        group = new SdpSsrcGroup(fields[0], ssrcs);
        return true;
    }

    public override string ToString() =>
        Ssrcs.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Ssrcs.Select(SdpNumber.Format))}";
}
