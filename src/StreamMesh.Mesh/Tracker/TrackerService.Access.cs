using System.Net;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tracker;

/// <content>Admission at join: viewer tokens for private streams and node keys for relays (docs/security.md).</content>
public sealed partial class TrackerService
{
    private TrackerAccessPolicy? _access;

    /// <summary>The admission policy built from <see cref="TrackerOptions.Access"/>.</summary>
    public TrackerAccessPolicy Access => LazyInitializer.EnsureInitialized(ref _access, () => new TrackerAccessPolicy(_options.Access, _time));

    /// <summary>
    /// A joiner from the network asks for candidates: first the access check (viewer token on a private stream,
    /// node key for role relay; 401/403 with a reason), then <see cref="Join(string, JoinRequestDto, IPAddress?)"/>.
    /// A refused join changes nothing in the tree.
    /// </summary>
    /// <param name="stream">Stream name.</param>
    /// <param name="body">Join request; its <c>token</c> is the viewer token.</param>
    /// <param name="remote">Caller address, for site resolution.</param>
    /// <param name="bearerToken">Authorization bearer: a relay's node key.</param>
    public TrackerResult<JoinResponseDto> Join(string stream, JoinRequestDto body, IPAddress? remote, string? bearerToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (IsValidStreamName(stream))
        {
            AccessDecision decision = Access.CheckJoin(stream, body, bearerToken);
            if (!decision.IsAdmitted)
            {
                return Refuse<JoinResponseDto>(decision.Status, decision.Title, decision.Detail);
            }

            body = decision.Body;
        }

        return Join(stream, body, remote);
    }
}
