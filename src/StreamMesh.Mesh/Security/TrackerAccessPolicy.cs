using System.Security.Cryptography;
using System.Text;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// The tracker's admission check at join: viewer tokens for private streams, node keys for relays.
/// Session secrets then protect every later call of the same peer (confirm, heartbeat, leave), and tickets
/// protect the attach at the parent. Thread-safe.
/// </summary>
public sealed class TrackerAccessPolicy
{
    private readonly TrackerAccessOptions _options;
    private readonly ViewerTokenKey? _viewerKey;
    private readonly byte[][] _nodeKeyHashes;

    /// <summary>Creates the policy; <paramref name="options"/> is validated here.</summary>
    public TrackerAccessPolicy(TrackerAccessOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _viewerKey = options.ViewerTokenKeys.Count > 0 ? new ViewerTokenKey(options.ViewerTokenKeys, timeProvider) : null;

        // Hashes of equal length let a fixed-time comparison not leak the key length either.
        _nodeKeyHashes = [.. options.NodeKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }

    /// <summary>Counters of the decisions taken.</summary>
    public TrackerAccessCounters Counters { get; } = new();

    /// <summary>Checks a join; <paramref name="bearerToken"/> is the Authorization bearer (a relay's node key).</summary>
    public AccessDecision CheckJoin(string stream, JoinRequestDto body, string? bearerToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(body);
        if (body.Role == TrackerPeerRole.Relay && _nodeKeyHashes.Length > 0)
        {
            if (string.IsNullOrEmpty(bearerToken))
            {
                Counters.CountNodeKey(accepted: false);
                return Refuse(body, 401, "Node key required", "joining as a relay needs 'Authorization: Bearer <node key>' (streammesh relay --node-key)");
            }

            if (!IsNodeKey(bearerToken))
            {
                Counters.CountNodeKey(accepted: false);
                return Refuse(body, 401, "Unknown node key", "the node key is not one this tracker accepts; a relay with a wrong key cannot join as a relay");
            }

            Counters.CountNodeKey(accepted: true);
            return AccessDecision.Admit(body);
        }

        // Without node keys a relay is just another joiner: on a private stream it needs a viewer token too.
        if (!_options.IsPrivate(stream))
        {
            return AccessDecision.Admit(body);
        }

        ViewerTokenValidation check = _viewerKey!.Validate(body.Token, stream);
        Counters.CountToken(check.Status);
        if (!check.IsValid)
        {
            return check.Status == ViewerTokenStatus.Missing
                ? Refuse(body, 401, "Viewer token required", check.Describe(stream))
                : Refuse(body, 403, "Viewer token refused", check.Describe(stream));
        }

        ViewerTokenClaims claims = check.Claims!;
        if (_options.StreamGroups.TryGetValue(stream, out IReadOnlyList<string>? groups)
            && (claims.Group is null || !groups.Contains(claims.Group, StringComparer.Ordinal)))
        {
            Counters.CountGroupRefusal();
            return Refuse(body, 403, "Viewer token refused", $"stream '{stream}' admits the groups {string.Join(", ", groups)}; the token's group is {claims.Group ?? "(none)"}");
        }

        if (claims.Site is null)
        {
            return AccessDecision.Admit(body);
        }

        if (body.Site is not null && !string.Equals(body.Site, claims.Site, StringComparison.OrdinalIgnoreCase))
        {
            Counters.CountSiteRefusal();
            return Refuse(body, 403, "Viewer token refused", $"the viewer token is for site '{claims.Site}', the joiner declared site '{body.Site}'");
        }

        // The token pins the site, so a viewer cannot pick a site whose relays it should not use.
        return AccessDecision.Admit(body with { Site = claims.Site });
    }

    private bool IsNodeKey(string candidate)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), hash);
        bool match = false;
        foreach (byte[] known in _nodeKeyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return match;
    }

    private static AccessDecision Refuse(JoinRequestDto body, int status, string title, string detail) => new(body, status, title, detail);
}
