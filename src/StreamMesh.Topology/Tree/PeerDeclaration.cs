using System.Net;
using StreamMesh.Topology.Coordinates;

namespace StreamMesh.Topology.Tree;

/// <summary>What a peer says about itself when it registers (origin) or joins (everyone else).</summary>
/// <param name="PeerId">Unique id within the stream (see <see cref="PeerIdFormat"/>).</param>
/// <param name="Role">Role in the tree.</param>
/// <param name="Capacity">Maximum children: 0 for viewers, at least 1 for origins and relays.</param>
public sealed record PeerDeclaration(string PeerId, PeerRole Role, int Capacity)
{
    /// <summary>Explicit site; when null the site is resolved from <see cref="Address"/> by the site policy.</summary>
    public string? Site { get; init; }

    /// <summary>The peer's address as seen by the tracker, used for subnet-to-site mapping.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Public WHEP base URL of a distributing peer.</summary>
    public string? Url { get; init; }

    /// <summary>A coordinate the peer kept from an earlier session, if any.</summary>
    public VivaldiCoordinate? Coordinate { get; init; }
}
