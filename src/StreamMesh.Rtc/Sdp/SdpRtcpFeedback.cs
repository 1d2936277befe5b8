using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// "a=rtcp-fb:&lt;payload type|*&gt; &lt;type&gt;[ &lt;parameter&gt;]" (RFC 4585 §4.2). A null
/// <see cref="PayloadType"/> is the "*" wildcard that applies to every payload type of the section.
/// </summary>
public sealed record SdpRtcpFeedback(int? PayloadType, RtcpFeedback Feedback)
{
    public bool AppliesTo(int payloadType) => PayloadType is null || PayloadType == payloadType;

    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcpFeedback? feedback)
    {
        feedback = null;
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ', 3);
        if (fields.Length < 2 || !SdpToken.IsToken(fields[1]))
        {
            return false;
        }

        int? payloadType = null;
        if (fields[0] != "*")
        {
            if (!SdpNumber.TryParsePayloadType(fields[0], out int pt))
            {
                return false;
            }

            payloadType = pt;
        }

        string? parameter = fields.Length == 3 ? fields[2] : null;
        if (parameter is not null && parameter.Length == 0)
        {
            return false;
        }

        feedback = new SdpRtcpFeedback(payloadType, new RtcpFeedback(fields[1], parameter));
        return true;
    }

    public override string ToString() =>
        $"{(PayloadType is int pt ? SdpNumber.Format(pt) : "*")} {Feedback}";
}
