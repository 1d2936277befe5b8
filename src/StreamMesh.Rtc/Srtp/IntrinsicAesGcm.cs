using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// AES-128-GCM (NIST SP 800-38D) on AES-NI and PCLMULQDQ for 96-bit nonces. Decryption hashes the
/// ciphertext and checks the tag before touching the data, so a forged packet is rejected without
/// an exception and leaves the buffer as it arrived.
/// </summary>
internal sealed class IntrinsicAesGcm : IAesGcmCipher
{
    private const int TagSize = 16;

    private readonly IntrinsicAes128 _aes;
    private readonly Ghash _ghash;

    /// <param name="allowWideVectors">False keeps GHASH to 128-bit instructions (tests cover both paths).</param>
    public IntrinsicAesGcm(ReadOnlySpan<byte> key, bool allowWideVectors = true)
    {
        _aes = new IntrinsicAes128(key);
        _ghash = new Ghash(_aes.EncryptBlock(Vector128<byte>.Zero), allowWideVectors);
    }

    public static bool IsSupported => IntrinsicAes128.IsSupported && Ghash.IsSupported;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        Vector128<uint> j0 = CounterPrefix(nonce);
        _aes.Transform(j0, 2, data);
        ComputeTag(j0, data, associatedData).CopyTo(tag[..TagSize]);
    }

    public bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        Vector128<uint> j0 = CounterPrefix(nonce);
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(j0, data, associatedData).CopyTo(expected);
        if (tag.Length != TagSize || !CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        _aes.Transform(j0, 2, data);
        return true;
    }

    public void Dispose()
    {
        _aes.Dispose();
        _ghash.Clear();
    }

    /// <summary>J0 = IV || 0^31 || 1 for a 96-bit IV (SP 800-38D §7.1 step 2); the counter word is set per block.</summary>
    private static Vector128<uint> CounterPrefix(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[16];
        nonce[..12].CopyTo(block);
        block[12] = 0;
        block[13] = 0;
        block[14] = 0;
        block[15] = 1;
        return Vector128.Create((ReadOnlySpan<byte>)block).AsUInt32();
    }

    /// <summary>T = GCTR(J0, GHASH(A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64)) (SP 800-38D §7.1 steps 5-6).</summary>
    private Vector128<byte> ComputeTag(Vector128<uint> j0, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        Vector128<ulong> state = _ghash.Update(Vector128<ulong>.Zero, associatedData);
        state = _ghash.Update(state, ciphertext);
        state = _ghash.UpdateLengths(state, associatedData.Length, ciphertext.Length);
        return Ghash.ToBytes(state) ^ _aes.EncryptBlock(j0.AsByte());
    }
}
