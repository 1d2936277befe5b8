namespace StreamMesh.Rtc.Ice;

/// <summary>The ICE role of an agent (RFC 8445 §6.1.1); the controlling agent nominates.</summary>
public enum IceRole
{
    /// <summary>Nominates the selected pair with USE-CANDIDATE (RFC 8445 §8.1).</summary>
    Controlling,

    /// <summary>Selects the pair the peer nominates (RFC 8445 §7.3.1.5).</summary>
    Controlled,
}
