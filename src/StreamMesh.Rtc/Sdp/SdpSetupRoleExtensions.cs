namespace StreamMesh.Rtc.Sdp;

/// <summary>Text form of <see cref="SdpSetupRole"/> as written in "a=setup" (RFC 4145 §4).</summary>
public static class SdpSetupRoleExtensions
{
    public static string ToAttributeValue(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown setup role."),
    };

    public static bool TryParse(string? value, out SdpSetupRole role)
    {
        switch (value)
        {
            case "actpass":
                role = SdpSetupRole.ActPass;
                return true;
            case "active":
                role = SdpSetupRole.Active;
                return true;
            case "passive":
                role = SdpSetupRole.Passive;
                return true;
            case "holdconn":
                role = SdpSetupRole.HoldConn;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
