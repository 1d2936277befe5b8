namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// SRTP protection profiles negotiated through the DTLS use_srtp extension.
/// Values are the two-byte identifiers registered for RFC 5764 §4.1.2 and RFC 7714 §14.2.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2).</summary>
    AeadAes128Gcm = 0x0007,
}
