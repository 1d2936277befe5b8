using System.Security.Cryptography.X509Certificates;

namespace StreamMesh.Mesh.Hosting;

/// <summary>
/// TLS for the node's HTTP listener (section <c>Node:Https</c>): WHEP, the player, the tracker API, metrics and the
/// dashboard are then served over HTTPS on Node:Http. A PKCS#12 file (with optional password) or a PEM certificate
/// plus PEM key. See docs/security.md.
/// </summary>
public sealed record NodeHttpsOptions
{
    /// <summary>Path of a .pfx/.p12 file, or of a PEM certificate (chain) when <see cref="KeyPath"/> is set.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>Path of the PEM private key that goes with a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key.</summary>
    public string? Password { get; init; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath);

    public void Validate()
    {
        if (!IsEnabled)
        {
            if (!string.IsNullOrWhiteSpace(KeyPath))
            {
                throw new ArgumentException("Node:Https:KeyPath is set without Node:Https:CertificatePath");
            }

            return;
        }

        if (!File.Exists(CertificatePath))
        {
            throw new ArgumentException($"Node:Https:CertificatePath '{CertificatePath}' does not exist");
        }

        if (!string.IsNullOrWhiteSpace(KeyPath) && !File.Exists(KeyPath))
        {
            throw new ArgumentException($"Node:Https:KeyPath '{KeyPath}' does not exist");
        }
    }

    /// <summary>Loads the certificate with its private key, or null when HTTPS is off.</summary>
    public X509Certificate2? Load()
    {
        if (!IsEnabled)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(KeyPath))
        {
            return string.IsNullOrEmpty(Password)
                ? X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath!, Password, KeyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, Password);
    }
}
