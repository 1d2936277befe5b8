namespace StreamMesh.Rtc.Srtp;

/// <summary>AES-128-GCM with a 12-byte nonce and a 16-byte tag, encrypting in place; one thread at a time.</summary>
internal interface IAesGcmCipher : IDisposable
{
    /// <summary>Encrypts <paramref name="data"/> in place and writes the 16-byte tag.</summary>
    void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>
    /// Verifies the tag and, only if it verifies, decrypts <paramref name="data"/> in place. Returns false
    /// (never throws) on a tag mismatch; the content of <paramref name="data"/> is then unspecified.
    /// </summary>
    bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData);
}
