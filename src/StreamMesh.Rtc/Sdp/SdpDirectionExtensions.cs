namespace StreamMesh.Rtc.Sdp;

/// <summary>Offer/answer arithmetic on <see cref="SdpDirection"/> (RFC 3264 §6.1).</summary>
public static class SdpDirectionExtensions
{
    public static bool Sends(this SdpDirection direction) =>
        direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    public static bool Receives(this SdpDirection direction) =>
        direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    public static SdpDirection FromFlags(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The same stream seen from the other side: sendonly becomes recvonly and vice versa.</summary>
    public static SdpDirection Reverse(this SdpDirection direction) =>
        FromFlags(direction.Receives(), direction.Sends());

    /// <summary>Only what both allow: used to combine the reversed offer direction with local wishes (RFC 3264 §6.1).</summary>
    public static SdpDirection Intersect(this SdpDirection direction, SdpDirection other) =>
        FromFlags(direction.Sends() && other.Sends(), direction.Receives() && other.Receives());

    public static string ToAttributeName(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => SdpAttributeNames.SendRecv,
        SdpDirection.SendOnly => SdpAttributeNames.SendOnly,
        SdpDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        SdpDirection.Inactive => SdpAttributeNames.Inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
    };

    /// <summary>Maps an attribute name to a direction; false for any other attribute.</summary>
    public static bool TryParseAttributeName(string name, out SdpDirection direction)
    {
        switch (name)
        {
            case SdpAttributeNames.SendRecv:
                direction = SdpDirection.SendRecv;
                return true;
            case SdpAttributeNames.SendOnly:
                direction = SdpDirection.SendOnly;
                return true;
            case SdpAttributeNames.RecvOnly:
                direction = SdpDirection.RecvOnly;
                return true;
            case SdpAttributeNames.Inactive:
                direction = SdpDirection.Inactive;
                return true;
            default:
                direction = default;
                return false;
        }
    }
}
