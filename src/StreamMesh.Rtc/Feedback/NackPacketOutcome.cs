namespace StreamMesh.Rtc.Feedback;

/// <summary>What <see cref="NackGenerator.OnPacket"/> concluded from one arriving packet.</summary>
[Flags]
public enum NackPacketOutcome
{
    /// <summary>In-order packet, nothing to do.</summary>
    None = 0,

    /// <summary>The packet revealed new missing packets; a NACK may be sent right away.</summary>
    GapDetected = 1,

    /// <summary>The packet was missing and has now arrived (late or retransmitted).</summary>
    Recovered = 2,

    /// <summary>Loss is beyond what NACK can repair; the list was cleared and a PLI/FIR should be sent.</summary>
    KeyframeRequired = 4,

    /// <summary>A duplicate, or an old packet no longer tracked as missing.</summary>
    Stale = 8,
}
