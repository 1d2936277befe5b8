namespace StreamMesh.Rtc.Stun;

/// <summary>
/// STUN attribute types used by ICE (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000 are
/// comprehension-required, types from 0x8000 are comprehension-optional (RFC 8489 §14).
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489-era servers.</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 §14.3); for ICE "receiver-ufrag:sender-ufrag" (RFC 8445 §7.2.2).</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY, HMAC-SHA1 (RFC 8489 §14.5).</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    UnknownAttributes = 0x000A,

    /// <summary>REALM (RFC 8489 §14.9), long-term credentials only.</summary>
    Realm = 0x0014,

    /// <summary>NONCE (RFC 8489 §14.10), long-term credentials only.</summary>
    Nonce = 0x0015,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1), no value.</summary>
    UseCandidate = 0x0025,

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT, CRC-32 xor 0x5354554E (RFC 8489 §14.7).</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED with the 64-bit tie-breaker (RFC 8445 §16.1).</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING with the 64-bit tie-breaker (RFC 8445 §16.1).</summary>
    IceControlling = 0x802A,

    /// <summary>GOOG-NETWORK-INFO, sent by libwebrtc (Chromium) in every check; ignored here.</summary>
    GoogNetworkInfo = 0xC057,
}
