namespace StreamMesh.Rtc.Rtcp;

/// <summary>Packet status symbols of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportWideStatusSymbol : byte
{
    /// <summary>00: packet not received.</summary>
    NotReceived = 0,

    /// <summary>01: packet received, receive delta in one unsigned byte.</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: packet received, receive delta in two signed bytes.</summary>
    ReceivedLargeDelta = 2,
}
