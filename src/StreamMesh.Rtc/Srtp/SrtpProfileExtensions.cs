namespace StreamMesh.Rtc.Srtp;

/// <summary>Key sizes and per-packet overheads of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfileExtensions
{
    /// <summary>Master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int MasterKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Master salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for AEAD (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw Unsupported(profile),
    };

    /// <summary>Bytes SRTP adds to an RTP packet: the 80-bit HMAC tag (RFC 3711 §4.2) or the 16-byte GCM tag (RFC 7714 §13.2).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Bytes SRTCP adds to an RTCP packet: the 4-byte E-flag/index word plus the tag (RFC 3711 §3.4, RFC 7714 §9).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    /// <summary>
    /// Bytes to export from DTLS ("EXTRACTOR-dtls_srtp"): two master keys and two master salts (RFC 5764 §4.2).
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>Whether this library implements the profile.</summary>
    public static bool IsSupported(this SrtpProfile profile) =>
        profile is SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm;

    private static ArgumentOutOfRangeException Unsupported(SrtpProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
