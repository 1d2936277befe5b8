namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Hash functions accepted in an SDP <c>a=fingerprint</c> attribute (RFC 8122 §5, textual names from
/// the IANA "Hash Function Textual Names" registry). We always advertise SHA-256; the others are
/// accepted from remote peers because browsers are allowed to send them.
/// </summary>
public enum DtlsFingerprintAlgorithm
{
    /// <summary>"sha-1" (20 bytes). Accepted from peers only.</summary>
    Sha1,

    /// <summary>"sha-256" (32 bytes). What we advertise and what Chromium sends.</summary>
    Sha256,

    /// <summary>"sha-384" (48 bytes).</summary>
    Sha384,

    /// <summary>"sha-512" (64 bytes).</summary>
    Sha512,
}
