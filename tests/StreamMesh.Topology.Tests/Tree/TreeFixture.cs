using Microsoft.Extensions.Time.Testing;
using StreamMesh.Topology.Coordinates;
using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Topology.Tests.Tree;

/// <summary>A tree on a fake clock plus shortcuts to add origins and attach peers at chosen coordinates.</summary>
internal sealed class TreeFixture
{
    public TreeFixture(TopologyOptions? options = null, SitePolicy? policy = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Tree = new StreamTree("live", options ?? TopologyOptions.Default, policy ?? SitePolicy.AllowAll, Time);
    }

    public FakeTimeProvider Time { get; }

    public StreamTree Tree { get; }

    public static VivaldiCoordinate At(double x, double y = 0, double height = 0.1) => new(x, y, height);

    public TreePeer Origin(string id, int capacity, VivaldiCoordinate? at = null, string? site = null)
    {
        TopologyResult<TreePeer> result = Tree.AddOrigin(new PeerDeclaration(id, PeerRole.Origin, capacity)
        {
            Coordinate = at ?? At(0),
            Site = site,
            Url = $"http://127.0.0.1:9000/{id}",
        });
        Assert.True(result.IsOk, result.Message);
        return result.Value!;
    }

    /// <summary>Joins at a coordinate and confirms the top-ranked candidate (or <paramref name="parent"/>).</summary>
    public TreePeer Attach(string id, PeerRole role, int capacity, VivaldiCoordinate at, string? site = null, string? parent = null)
    {
        var declaration = new PeerDeclaration(id, role, capacity)
        {
            Coordinate = at,
            Site = site,
            Url = role == PeerRole.Viewer ? null : $"http://127.0.0.1:9000/{id}",
        };
        TopologyResult<JoinOffer> offer = Tree.Join(new JoinRequest(declaration, []));
        Assert.True(offer.IsOk, offer.Message);
        string choice = parent ?? offer.Value!.Candidates[0].PeerId;
        TopologyResult<Attachment> attached = Tree.Confirm(new ConfirmRequest(id, [choice], []));
        Assert.True(attached.IsOk, attached.Message);
        return attached.Value!.Peer;
    }

    public TreePeer Relay(string id, int capacity, VivaldiCoordinate at, string? site = null, string? parent = null) =>
        Attach(id, PeerRole.Relay, capacity, at, site, parent);

    public TreePeer Viewer(string id, VivaldiCoordinate at, string? site = null, string? parent = null) =>
        Attach(id, PeerRole.Viewer, 0, at, site, parent);

    public static PeerDeclaration ViewerDeclaration(string id, VivaldiCoordinate? at = null, string? site = null) =>
        new(id, PeerRole.Viewer, 0) { Coordinate = at, Site = site };
}
