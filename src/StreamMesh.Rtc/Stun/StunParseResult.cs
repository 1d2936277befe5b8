namespace StreamMesh.Rtc.Stun;

/// <summary>Outcome of <see cref="StunMessage.TryParse"/>; everything but <see cref="Ok"/> means "drop".</summary>
public enum StunParseResult
{
    /// <summary>A well-formed message (with a valid FINGERPRINT when one is present).</summary>
    Ok = 0,

    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,

    /// <summary>The two most significant bits are not zero (RFC 8489 §5), so not STUN.</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5); RFC 3489 messages are not accepted.</summary>
    BadMagicCookie,

    /// <summary>The length field is not a multiple of 4 or disagrees with the datagram size.</summary>
    BadLength,

    /// <summary>An attribute overruns the message or has an impossible size for its type.</summary>
    BadAttribute,

    /// <summary>FINGERPRINT is not last or its CRC does not match (RFC 8489 §14.7).</summary>
    BadFingerprint,
}
