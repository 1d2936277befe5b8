using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>"a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;" (RFC 8866 §6.15) for an RTP payload type.</summary>
public sealed record SdpFmtp(int PayloadType, FormatParameters Parameters)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFmtp? fmtp)
    {
        fmtp = null;
        if (value is null)
        {
            return false;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        ReadOnlySpan<char> format = space < 0 ? value : value.AsSpan(0, space);
        if (!SdpNumber.TryParsePayloadType(format, out int payloadType))
        {
            return false;
        }

        fmtp = new SdpFmtp(payloadType, FormatParameters.Parse(space < 0 ? null : value[(space + 1)..]));
        return true;
    }

    public override string ToString() => $"{SdpNumber.Format(PayloadType)} {Parameters}";
}
