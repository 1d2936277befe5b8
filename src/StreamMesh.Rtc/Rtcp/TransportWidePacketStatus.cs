namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// The reported fate of one transport-wide sequence number: received or not and, when received, the
/// arrival time relative to the previous received packet (or to the reference time for the first)
/// in ticks of 250 µs (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.5).
/// </summary>
/// <param name="SequenceNumber">The transport-wide sequence number.</param>
/// <param name="Symbol">How the status is encoded.</param>
/// <param name="DeltaTicks">Receive delta in 250 µs ticks (0 when not received).</param>
public readonly record struct TransportWidePacketStatus(ushort SequenceNumber, TransportWideStatusSymbol Symbol, short DeltaTicks)
{
    /// <summary>Length of one delta tick.</summary>
    public static readonly TimeSpan TickDuration = TimeSpan.FromTicks(2_500);

    /// <summary>True when the packet was received.</summary>
    public bool IsReceived => Symbol != TransportWideStatusSymbol.NotReceived;

    /// <summary>The receive delta as a duration.</summary>
    public TimeSpan Delta => TickDuration * DeltaTicks;

    /// <summary>A received packet; the symbol is chosen from the delta (one byte when it fits 0-255).</summary>
    public static TransportWidePacketStatus Received(ushort sequenceNumber, short deltaTicks) =>
        new(
            sequenceNumber,
            deltaTicks is >= 0 and <= 255 ? TransportWideStatusSymbol.ReceivedSmallDelta : TransportWideStatusSymbol.ReceivedLargeDelta,
            deltaTicks);

    /// <summary>A packet that did not arrive.</summary>
    public static TransportWidePacketStatus Lost(ushort sequenceNumber) =>
        new(sequenceNumber, TransportWideStatusSymbol.NotReceived, 0);
}
