namespace StreamMesh.Rtc.Stun;

/// <summary>
/// The class of a STUN message, encoded in bits C1 and C0 of the message type (RFC 8489 §5).
/// </summary>
public enum StunMessageClass
{
    /// <summary>A request (0b00); expects a success or error response.</summary>
    Request = 0,

    /// <summary>An indication (0b01); no response.</summary>
    Indication = 1,

    /// <summary>A success response (0b10).</summary>
    SuccessResponse = 2,

    /// <summary>An error response (0b11) carrying ERROR-CODE.</summary>
    ErrorResponse = 3,
}
