namespace StreamMesh.Rtc.Ice;

/// <summary>States of a candidate pair (RFC 8445 §6.1.2.6).</summary>
public enum IceCandidatePairState
{
    /// <summary>Not checked yet and not allowed to be (unused: with one data stream every pair starts Waiting).</summary>
    Frozen,

    /// <summary>Will be checked when it is its turn.</summary>
    Waiting,

    /// <summary>A check has been sent and is outstanding.</summary>
    InProgress,

    /// <summary>A check succeeded: the pair is valid.</summary>
    Succeeded,

    /// <summary>A check failed or timed out.</summary>
    Failed,
}
