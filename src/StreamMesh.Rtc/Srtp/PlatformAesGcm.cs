using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// AES-128-GCM through <see cref="AesGcm"/>, for machines without AES-NI/PCLMULQDQ. Slower per packet
/// (a native context set-up per call), and a forged packet costs a caught exception.
/// </summary>
internal sealed class PlatformAesGcm : IAesGcmCipher
{
    private readonly AesGcm _gcm;

    public PlatformAesGcm(ReadOnlySpan<byte> key) => _gcm = new AesGcm(key, tagSizeInBytes: 16);

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        _gcm.Encrypt(nonce, data, data, tag, associatedData);

    public bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _gcm.Dispose();
}
