using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Dtls;

/// <summary>Turns the DTLS exporter output into SRTP master keys and salts (RFC 5764 §4.2).</summary>
internal static class DtlsSrtpKeyExporter
{
    /// <summary>The RFC 5705 exporter label for DTLS-SRTP (RFC 5764 §4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Master key length in bytes: 128-bit AES for both profiles (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int GetMasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Master salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for AES-GCM (RFC 7714 §12).</summary>
    public static int GetMasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>How many exporter bytes the profile needs: 2 × (key + salt).</summary>
    public static int GetKeyingMaterialLength(SrtpProfile profile) =>
        2 * (GetMasterKeyLength(profile) + GetMasterSaltLength(profile));

    /// <summary>
    /// Splits the exporter output laid out as RFC 5764 §4.2 specifies:
    /// client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt.
    /// "Local" is the half written by <paramref name="localRole"/>.
    /// </summary>
    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, DtlsRole localRole)
    {
        int keyLength = GetMasterKeyLength(profile);
        int saltLength = GetMasterSaltLength(profile);
        if (keyingMaterial.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException(
                $"{profile} needs {2 * (keyLength + saltLength)} bytes of keying material, got {keyingMaterial.Length}.",
                nameof(keyingMaterial));
        }

        byte[] clientKey = keyingMaterial.Slice(0, keyLength).ToArray();
        byte[] serverKey = keyingMaterial.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength).ToArray();

        return localRole == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
