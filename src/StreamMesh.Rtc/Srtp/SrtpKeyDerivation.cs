namespace StreamMesh.Rtc.Srtp;

/// <summary>The SRTP key derivation function of RFC 3711 §4.3 with the AES-CM PRF (§4.3.3) and key derivation rate 0.</summary>
internal static class SrtpKeyDerivation
{
    /// <summary>Labels of RFC 3711 §4.3.1 and §4.3.2.</summary>
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>
    /// Fills <paramref name="output"/> with PRF_n(k_master, x), x = key_id XOR k_s where key_id = label || r
    /// and r = index DIV kdr = 0 (RFC 3711 §4.3.1). key_id is right-aligned in the 112-bit salt, so the label
    /// lands on byte 7. A 96-bit AEAD master salt (RFC 7714 §12) is padded with two zero bytes on the right,
    /// as libsrtp and pion do, which keeps the label on byte 7.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("Master salt longer than 112 bits.", nameof(masterSalt));
        }

        // AES-CM input is x * 2^16: x in the first 14 bytes, a 16-bit block counter after it (§4.3.3).
        Span<byte> counterBlock = stackalloc byte[16];
        counterBlock.Clear();
        masterSalt.CopyTo(counterBlock);
        counterBlock[7] ^= label;

        output.Clear();
        using var prf = new PlatformAesCounterMode(masterKey);
        prf.Transform(counterBlock, output);
    }
}
