namespace StreamMesh.Rtc.Ice;

/// <summary>What an agent did with a STUN message the mux routed to it (lets the mux count).</summary>
internal enum IceStunDisposition
{
    /// <summary>Processed.</summary>
    Handled,

    /// <summary>Dropped: MESSAGE-INTEGRITY absent or wrong.</summary>
    Unauthenticated,

    /// <summary>Dropped: unknown transaction, closed agent or an irrelevant message.</summary>
    Ignored,
}
