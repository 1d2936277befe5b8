using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>"a=msid:&lt;stream id&gt;[ &lt;track id&gt;]" (RFC 8830 §2). Stream id "-" means no stream.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsid? msid)
    {
        msid = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ');
        if (fields.Length is < 1 or > 2 || !SdpToken.IsVisibleText(fields[0])
            || (fields.Length == 2 && !SdpToken.IsVisibleText(fields[1])))
        {
            return false;
        }

        msid = new SdpMsid(fields[0], fields.Length == 2 ? fields[1] : null);
        return true;
    }

    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}
