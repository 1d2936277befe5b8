using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// The operator's viewer-token key: signs tokens (<c>streammesh token</c>) and checks them (the tracker, at join).
/// HS256 (RFC 7518 §3.2) with a secret of at least 32 characters; several keys may be held at once so a
/// key can be rotated (tokens signed with any of them validate, new tokens use the first).
/// Thread-safe and allocation-light: validation never throws on bad input.
/// </summary>
public sealed class ViewerTokenKey
{
    /// <summary>Shortest accepted secret: 32 characters (RFC 7518 §3.2 asks for a key of at least the hash size, 256 bits).</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Clock disagreement tolerated after "exp".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly byte[][] _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates a key set; the first secret signs.</summary>
    /// <exception cref="ArgumentException">No secret, or one shorter than <see cref="MinimumSecretLength"/>.</exception>
    public ViewerTokenKey(IReadOnlyList<string> secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("at least one viewer-token key is needed", nameof(secrets));
        }

        _keys = new byte[secrets.Count][];
        for (int i = 0; i < secrets.Count; i++)
        {
            if (!IsAcceptableSecret(secrets[i]))
            {
                throw new ArgumentException($"viewer-token keys must be at least {MinimumSecretLength} characters (generate one with 'streammesh token --new-key')", nameof(secrets));
            }

            _keys[i] = Encoding.UTF8.GetBytes(secrets[i]);
        }

        _time = timeProvider;
    }

    /// <summary>Creates a single key.</summary>
    public ViewerTokenKey(string secret, TimeProvider timeProvider)
        : this([secret], timeProvider)
    {
    }

    /// <summary>True when <paramref name="secret"/> is long enough to be a key.</summary>
    public static bool IsAcceptableSecret(string? secret) => secret is not null && secret.Trim().Length >= MinimumSecretLength && secret.Length <= 1024;

    /// <summary>A new random secret: 32 bytes from the system RNG, base64url (43 characters).</summary>
    public static string GenerateSecret()
    {
        while (true)
        {
            // A leading '-' would read as a flag on a command line (--key -x…).
            string secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            if (secret[0] != '-')
            {
                return secret;
            }
        }
    }

    /// <summary>Signs a token with the first key.</summary>
    /// <exception cref="ArgumentException">A claim is not a valid name (1–64 of A-Z a-z 0-9 . _ : -).</exception>
    public string Issue(ViewerTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in ViewerTokenNameClaim.All)
        {
            string? value = claim.ValueOf(claims);
            if (value is not null || claim.IsRequired)
            {
                RequireName(value, claim.Description);
            }
        }

        string signingInput = ViewerTokenFormat.EncodedHeader + "." + ViewerTokenFormat.EncodePayload(claims);
        byte[] mac = HMACSHA256.HashData(_keys[0], Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// Checks <paramref name="token"/> for <paramref name="stream"/>: format, HMAC with any held key (constant-time
    /// comparison), expiry (with <see cref="ClockSkew"/>), stream. Never throws on bad input.
    /// </summary>
    public ViewerTokenValidation Validate(string? token, string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (string.IsNullOrEmpty(token))
        {
            return new ViewerTokenValidation(ViewerTokenStatus.Missing, null);
        }

        if (!ViewerTokenFormat.TrySplit(token, out int payloadStart, out int signatureStart))
        {
            return new ViewerTokenValidation(ViewerTokenStatus.Malformed, null);
        }

        Span<byte> signature = stackalloc byte[ViewerTokenFormat.SignatureLength + 3];
        if (Base64Url.DecodeFromChars(token.AsSpan(signatureStart), signature, out int consumed, out int written) != OperationStatus.Done
            || consumed != token.Length - signatureStart || written != ViewerTokenFormat.SignatureLength)
        {
            return new ViewerTokenValidation(ViewerTokenStatus.Malformed, null);
        }

        // The signing input is ASCII by construction of TrySplit's header check plus base64url; anything else fails the MAC.
        int inputLength = signatureStart - 1;
        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(inputLength, 1));
        try
        {
            int inputBytes = Encoding.UTF8.GetBytes(token.AsSpan(0, inputLength), rented);
            if (!MacMatches(rented.AsSpan(0, inputBytes), signature[..ViewerTokenFormat.SignatureLength]))
            {
                return new ViewerTokenValidation(ViewerTokenStatus.BadSignature, null);
            }
        }
        catch (ArgumentException)
        {
            return new ViewerTokenValidation(ViewerTokenStatus.Malformed, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        ReadOnlySpan<char> payloadText = token.AsSpan(payloadStart, signatureStart - 1 - payloadStart);
        byte[] payload = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payloadText.Length));
        try
        {
            if (Base64Url.DecodeFromChars(payloadText, payload, out int read, out int length) != OperationStatus.Done
                || read != payloadText.Length
                || !ViewerTokenFormat.TryReadClaims(payload.AsSpan(0, length), out ViewerTokenClaims? claims))
            {
                return new ViewerTokenValidation(ViewerTokenStatus.Malformed, null);
            }

            // Subtract from now: "exp" may be the largest representable second, where exp + skew overflows.
            if (_time.GetUtcNow() - ClockSkew > claims.ExpiresAt)
            {
                return new ViewerTokenValidation(ViewerTokenStatus.Expired, claims);
            }

            return string.Equals(claims.Stream, stream, StringComparison.Ordinal)
                ? new ViewerTokenValidation(ViewerTokenStatus.Valid, claims)
                : new ViewerTokenValidation(ViewerTokenStatus.WrongStream, claims);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private bool MacMatches(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[ViewerTokenFormat.SignatureLength];
        bool match = false;
        foreach (byte[] key in _keys)
        {
            HMACSHA256.HashData(key, signingInput, mac);
            match |= CryptographicOperations.FixedTimeEquals(mac, signature);
        }

        return match;
    }

    private static void RequireName(string? value, string claim)
    {
        if (!PeerIdFormat.IsValid(value))
        {
            throw new ArgumentException($"the {claim} claim must be 1-{PeerIdFormat.MaxLength} characters of A-Z a-z 0-9 . _ : - (got '{value}')", claim);
        }
    }
}
