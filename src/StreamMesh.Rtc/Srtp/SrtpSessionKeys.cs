using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>The six session keys of one SRTP crypto context (RFC 3711 §4.3); the AEAD profile has no auth keys.</summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    /// <summary>HMAC-SHA1 session authentication key length n_a (RFC 3711 §8.2: 160 bits).</summary>
    private const int AuthenticationKeyLength = 20;

    public SrtpSessionKeys(
        byte[] rtpCipherKey, byte[] rtpAuthenticationKey, byte[] rtpSalt,
        byte[] rtcpCipherKey, byte[] rtcpAuthenticationKey, byte[] rtcpSalt)
    {
        RtpCipherKey = rtpCipherKey;
        RtpAuthenticationKey = rtpAuthenticationKey;
        RtpSalt = rtpSalt;
        RtcpCipherKey = rtcpCipherKey;
        RtcpAuthenticationKey = rtcpAuthenticationKey;
        RtcpSalt = rtcpSalt;
    }

    public byte[] RtpCipherKey { get; }

    public byte[] RtpAuthenticationKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtcpCipherKey { get; }

    public byte[] RtcpAuthenticationKey { get; }

    public byte[] RtcpSalt { get; }

    /// <summary>Derives every session key from the master key and salt (RFC 3711 §4.3, RFC 7714 §11).</summary>
    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (masterKey.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-byte master key, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterSaltLength()}-byte master salt, got {masterSalt.Length}.", nameof(masterSalt));
        }

        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        int authLength = profile == SrtpProfile.AeadAes128Gcm ? 0 : AuthenticationKeyLength;

        return new SrtpSessionKeys(
            Make(masterKey, masterSalt, keyLength, SrtpKeyDerivation.RtpEncryptionLabel),
            Make(masterKey, masterSalt, authLength, SrtpKeyDerivation.RtpAuthenticationLabel),
            Make(masterKey, masterSalt, saltLength, SrtpKeyDerivation.RtpSaltLabel),
            Make(masterKey, masterSalt, keyLength, SrtpKeyDerivation.RtcpEncryptionLabel),
            Make(masterKey, masterSalt, authLength, SrtpKeyDerivation.RtcpAuthenticationLabel),
            Make(masterKey, masterSalt, saltLength, SrtpKeyDerivation.RtcpSaltLabel));
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(RtpCipherKey);
        CryptographicOperations.ZeroMemory(RtpAuthenticationKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtcpCipherKey);
        CryptographicOperations.ZeroMemory(RtcpAuthenticationKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
    }

    private static byte[] Make(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int length, byte label)
    {
        var key = new byte[length];
        if (length > 0)
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, label, key);
        }

        return key;
    }
}
