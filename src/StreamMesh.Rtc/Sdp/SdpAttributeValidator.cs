namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Checks the value syntax of the attributes this stack interprets, so typed views can trust what the parser
/// accepted (RFC 8829 §5.8: a line that cannot be parsed rejects the whole description). Attributes it does
/// not know pass through untouched. Returns a message describing the problem, or null.
/// </summary>
internal static class SdpAttributeValidator
{
    private const string DirectionKey = "a direction attribute";

    public static string? Validate(SdpAttributeScope scope, string name, string? value)
    {
        if (SdpDirectionExtensions.TryParseAttributeName(name, out _))
        {
            return RequireFlag(name, value) ?? Once(scope, DirectionKey);
        }

        switch (name)
        {
            case SdpAttributeNames.RtcpMux:
            case SdpAttributeNames.RtcpReducedSize:
            case SdpAttributeNames.IceLite:
            case SdpAttributeNames.EndOfCandidates:
            case SdpAttributeNames.BundleOnly:
            case SdpAttributeNames.ExtmapAllowMixed:
                return RequireFlag(name, value);
            case SdpAttributeNames.Mid:
                return ValidateMid(scope, value);
            case SdpAttributeNames.IceUfrag:
            case SdpAttributeNames.IcePwd:
                return RequireText(name, value) ?? Once(scope, "a=" + name);
            case SdpAttributeNames.Setup:
                return SdpSetupRoleExtensions.TryParse(value, out _)
                    ? Once(scope, "a=setup")
                    : "a=setup must be actpass, active, passive or holdconn (RFC 4145 §4)";
            case SdpAttributeNames.Fingerprint:
                return IsFingerprint(value) ? null : "a=fingerprint needs '<hash-function> <hex fingerprint>' (RFC 8122 §5)";
            case SdpAttributeNames.Candidate:
            case SdpAttributeNames.IceOptions:
                return string.IsNullOrWhiteSpace(value) ? $"a={name} needs a value" : null;
            case SdpAttributeNames.Group:
                return SdpGroup.TryParse(value, out _) ? null : "a=group needs '<semantics> <mid> ...' (RFC 5888 §5)";
            case SdpAttributeNames.MsidSemantic:
                return SdpMsidSemantic.TryParse(value, out _) ? null : "a=msid-semantic needs a semantic token";
            case SdpAttributeNames.Msid:
                return SdpMsid.TryParse(value, out _) ? null : "a=msid needs '<stream id> [<track id>]' (RFC 8830 §2)";
            case SdpAttributeNames.Extmap:
                return ValidateExtmap(scope, value);
            case SdpAttributeNames.Ssrc:
                return SdpSsrcAttribute.TryParse(value, out _) ? null : "a=ssrc needs '<ssrc-id> <attribute>[:<value>]' (RFC 5576 §4.1)";
            case SdpAttributeNames.SsrcGroup:
                return SdpSsrcGroup.TryParse(value, out _) ? null : "a=ssrc-group needs '<semantics> <ssrc-id> ...' (RFC 5576 §4.2)";
            case SdpAttributeNames.RtpMap when scope.IsRtp:
                return ValidateRtpMap(scope, value);
            case SdpAttributeNames.Fmtp when scope.IsRtp:
                return SdpFmtp.TryParse(value, out _) ? null : "a=fmtp needs '<payload type> <parameters>'";
            case SdpAttributeNames.RtcpFeedback when scope.IsRtp:
                return SdpRtcpFeedback.TryParse(value, out _) ? null : "a=rtcp-fb needs '<payload type|*> <type> [<parameter>]' (RFC 4585 §4.2)";
            default:
                return null;
        }
    }

    private static string? ValidateMid(SdpAttributeScope scope, string? value)
    {
        if (!SdpToken.IsVisibleText(value))
        {
            return "a=mid needs an identification tag";
        }

        string? duplicate = Once(scope, "a=mid");
        if (duplicate is null)
        {
            scope.Mid = value;
            scope.MidJustSet = scope.IsMedia;
        }

        return duplicate;
    }

    private static string? ValidateRtpMap(SdpAttributeScope scope, string? value)
    {
        if (!SdpRtpMap.TryParse(value, out SdpRtpMap? rtpMap))
        {
            return "a=rtpmap needs '<payload type> <encoding>/<clock rate>[/<channels>]'";
        }

        return scope.RtpMapPayloadTypes.Add(rtpMap.PayloadType) ? null : $"payload type {rtpMap.PayloadType} has more than one a=rtpmap";
    }

    private static string? ValidateExtmap(SdpAttributeScope scope, string? value)
    {
        if (!SdpExtmap.TryParse(value, out SdpExtmap? extmap))
        {
            return "a=extmap needs '<id 1-255>[/<direction>] <URI>' (RFC 8285 §5)";
        }

        return scope.ExtmapIds.Add(extmap.Id) ? null : $"extmap id {extmap.Id} is used twice (RFC 8285 §5)";
    }

    private static bool IsFingerprint(string? value)
    {
        if (value is null)
        {
            return false;
        }

        string[] fields = value.Split(' ');
        return fields.Length == 2 && SdpToken.IsToken(fields[0]) && SdpToken.IsVisibleText(fields[1]);
    }

    private static string? RequireFlag(string name, string? value) =>
        value is null ? null : $"a={name} is a property attribute and takes no value";

    private static string? RequireText(string name, string? value) =>
        SdpToken.IsVisibleText(value) ? null : $"a={name} needs a value without spaces";

    private static string? Once(SdpAttributeScope scope, string what) =>
        scope.SingleAttributesSeen.Add(what) ? null : $"{what} appears more than once in the same section";
}
