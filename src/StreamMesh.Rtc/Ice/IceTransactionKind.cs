namespace StreamMesh.Rtc.Ice;

/// <summary>Why an agent sent a STUN request.</summary>
internal enum IceTransactionKind
{
    /// <summary>A connectivity check (ordinary, triggered or nominating).</summary>
    Check,

    /// <summary>A consent freshness check on the selected pair (RFC 7675).</summary>
    Consent,

    /// <summary>A Binding request to the STUN server for a srflx candidate.</summary>
    ServerReflexive,
}
