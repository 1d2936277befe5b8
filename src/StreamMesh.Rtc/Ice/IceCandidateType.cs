namespace StreamMesh.Rtc.Ice;

/// <summary>Candidate types (RFC 8445 §5.1.1, RFC 8839 §5.1 "typ").</summary>
public enum IceCandidateType
{
    /// <summary>"host": an address of a local interface.</summary>
    Host,

    /// <summary>"srflx": the address a STUN server saw (the NAT's outside).</summary>
    ServerReflexive,

    /// <summary>"prflx": learned from a connectivity check (RFC 8445 §7.2.5.3.1, §7.3.1.3).</summary>
    PeerReflexive,

    /// <summary>"relay": a TURN allocation. Parsed, never produced here.</summary>
    Relayed,
}
