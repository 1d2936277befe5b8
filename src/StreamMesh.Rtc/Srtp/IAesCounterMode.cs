namespace StreamMesh.Rtc.Srtp;

/// <summary>AES in counter mode with a fixed key; instances keep scratch state, so one thread at a time.</summary>
internal interface IAesCounterMode : IDisposable
{
    /// <summary>
    /// XORs <paramref name="data"/> in place with AES(T), AES(T+1), ... where T is
    /// <paramref name="initialCounterBlock"/> (16 bytes) and "+1" increments its last 32 bits as a
    /// big-endian integer modulo 2^32. That covers both RFC 3711 §4.1.1 (whose counter lives in the
    /// low 16 bits, which start at zero) and the GCTR of NIST SP 800-38D (inc32).
    /// </summary>
    void Transform(ReadOnlySpan<byte> initialCounterBlock, Span<byte> data);

    /// <summary>Encrypts one 16-byte block (ECB), e.g. to derive the GHASH key.</summary>
    void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output);
}
