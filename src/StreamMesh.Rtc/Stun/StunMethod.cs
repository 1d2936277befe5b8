namespace StreamMesh.Rtc.Stun;

/// <summary>
/// STUN method numbers (RFC 8489 §18.2). Only Binding is used by ICE; the enum stays open so
/// that a parsed message with another method can still be represented and ignored.
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001), the method of connectivity checks and server-reflexive discovery.</summary>
    Binding = 0x001,
}
