using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]" (RFC 8866 §6.6).
/// For audio the encoding parameters are the channel count.
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpNumber.TryParsePayloadType(value.AsSpan(0, space), out int payloadType))
        {
            return false;
        }

        string[] encoding = value[(space + 1)..].Split('/');
        if (encoding.Length is < 2 or > 3
            || !SdpToken.IsToken(encoding[0])
            || !SdpNumber.TryParseInt(encoding[1], out int clockRate)
            || clockRate == 0)
        {
            return false;
        }

        int? channels = null;
        if (encoding.Length == 3)
        {
            if (!SdpNumber.TryParseInt(encoding[2], out int count) || count == 0)
            {
                return false;
            }

            channels = count;
        }

        rtpMap = new SdpRtpMap(payloadType, encoding[0], clockRate, channels);
        return true;
    }

    public override string ToString() => Channels is int channels
        ? $"{SdpNumber.Format(PayloadType)} {EncodingName}/{SdpNumber.Format(ClockRate)}/{SdpNumber.Format(channels)}"
        : $"{SdpNumber.Format(PayloadType)} {EncodingName}/{SdpNumber.Format(ClockRate)}";
}
