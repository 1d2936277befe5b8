using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>
/// Signs tickets with the tracker's ECDSA P-256 key. Parents verify them offline with the public key
/// (<see cref="PublicKeySpki"/>, served at GET /api/tracker/key) through <see cref="TicketVerifier"/>.
/// Thread-safe.
/// </summary>
public sealed class TicketIssuer : IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    /// <summary>Wraps a P-256 private key; the issuer takes ownership.</summary>
    public TicketIssuer(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("ticket keys must be ECDSA P-256", nameof(key));
        }

        _key = key;
        PublicKeySpki = key.ExportSubjectPublicKeyInfo();
        KeyId = Base64Url.EncodeToString(SHA256.HashData(PublicKeySpki).AsSpan(0, 12));
    }

    /// <summary>DER SubjectPublicKeyInfo of the verification key.</summary>
    public byte[] PublicKeySpki { get; }

    /// <summary>Short fingerprint of the key (base64url of the first 12 bytes of SHA-256(SPKI)).</summary>
    public string KeyId { get; }

    /// <summary>A new issuer with a fresh random key.</summary>
    public static TicketIssuer CreateEphemeral() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a PEM private key from <paramref name="path"/>, creating and saving a new one if the file does not exist.</summary>
    public static TicketIssuer LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new TicketIssuer(key);
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.Write(pem);
        }

        return new TicketIssuer(key);
    }

    /// <summary>Signs a ticket for <paramref name="childId"/> to connect to <paramref name="parentId"/>.</summary>
    public string Issue(string stream, string childId, string parentId, DateTimeOffset expiresAt)
    {
        string nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        string signingInput = TicketFormat.EncodedHeader + "." + TicketFormat.EncodePayload(new TicketClaims(stream, childId, parentId, expiresAt, nonce));
        byte[] signature;
        lock (_gate)
        {
            // RFC 7518 §3.4: the JWS signature is the fixed-size r‖s concatenation.
            signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
