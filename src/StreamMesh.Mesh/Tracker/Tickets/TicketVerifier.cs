using System.Security.Cryptography;

namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>
/// Checks a ticket presented by a would-be child: ES256 signature with the tracker's public key, expiry,
/// audience = this parent, stream, and single use within the ticket's lifetime (a replay cache keyed by "jti").
/// Thread-safe. A parent creates one from the key served at GET /api/tracker/key and keeps it.
/// </summary>
public sealed class TicketVerifier : IDisposable
{
    private readonly ECDsa _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;
    private readonly int _maxRemembered;
    private readonly Dictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();
    private readonly Lock _gate = new();

    /// <summary>Creates a verifier.</summary>
    /// <param name="publicKeySpki">DER SubjectPublicKeyInfo of the tracker's P-256 key.</param>
    /// <param name="timeProvider">Clock for expiry.</param>
    /// <param name="clockSkew">Grace after "exp" for clocks that disagree slightly.</param>
    /// <param name="maxRemembered">Bound of the replay cache; when full, new tickets are refused rather than risking a replay.</param>
    public TicketVerifier(ReadOnlySpan<byte> publicKeySpki, TimeProvider timeProvider, TimeSpan? clockSkew = null, int maxRemembered = 200_000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRemembered, 1);
        _key = ECDsa.Create();
        _key.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
        if (_key.KeySize != 256)
        {
            _key.Dispose();
            throw new ArgumentException("ticket keys must be ECDSA P-256", nameof(publicKeySpki));
        }

        _time = timeProvider;
        _clockSkew = clockSkew ?? TimeSpan.FromSeconds(2);
        _maxRemembered = maxRemembered;
    }

    /// <summary>Builds a verifier from the base64 SPKI string of GET /api/tracker/key.</summary>
    public static TicketVerifier FromBase64(string publicKeySpkiBase64, TimeProvider timeProvider) =>
        new(Convert.FromBase64String(publicKeySpkiBase64), timeProvider);

    /// <summary>
    /// Verifies <paramref name="ticket"/> for parent <paramref name="myPeerId"/> and, when given, stream
    /// <paramref name="stream"/>. A valid ticket is consumed: presenting it again returns <see cref="TicketStatus.Replayed"/>.
    /// Never throws on bad input.
    /// </summary>
    public TicketVerification Verify(string? ticket, string myPeerId, string? stream = null)
    {
        ArgumentNullException.ThrowIfNull(myPeerId);
        if (!TicketFormat.TryDecode(ticket, out TicketClaims? claims, out byte[] signingInput, out byte[] signature))
        {
            return new TicketVerification(TicketStatus.Malformed, null);
        }

        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return new TicketVerification(TicketStatus.BadSignature, null);
            }

            // Subtract from now: "exp" may be the largest representable second, where exp + skew overflows.
            if (now - _clockSkew > claims.ExpiresAt)
            {
                return new TicketVerification(TicketStatus.Expired, claims);
            }

            if (!string.Equals(claims.ParentId, myPeerId, StringComparison.Ordinal))
            {
                return new TicketVerification(TicketStatus.WrongParent, claims);
            }

            if (stream is not null && !string.Equals(claims.Stream, stream, StringComparison.Ordinal))
            {
                return new TicketVerification(TicketStatus.WrongStream, claims);
            }

            Forget(now);
            if (_used.ContainsKey(claims.Nonce) || _used.Count >= _maxRemembered)
            {
                return new TicketVerification(TicketStatus.Replayed, claims);
            }

            DateTimeOffset until = claims.ExpiresAt > DateTimeOffset.MaxValue - _clockSkew ? DateTimeOffset.MaxValue : claims.ExpiresAt + _clockSkew;
            _used.Add(claims.Nonce, until);
            _expiries.Enqueue(claims.Nonce, until);
            return new TicketVerification(TicketStatus.Valid, claims);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private void Forget(DateTimeOffset now)
    {
        // A nonce only needs remembering while its ticket could still pass the expiry check.
        while (_expiries.TryPeek(out string? nonce, out DateTimeOffset until) && until < now)
        {
            _expiries.Dequeue();
            _used.Remove(nonce);
        }
    }
}
