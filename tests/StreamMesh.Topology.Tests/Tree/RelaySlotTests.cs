using StreamMesh.Topology.Tree;
using static StreamMesh.Topology.Tests.Tree.TreeFixture;

namespace StreamMesh.Topology.Tests.Tree;

/// <summary>Slots for relays: pre-emption of leaf viewers and the origins' reserve (docs/relay-tree.md).</summary>
public class RelaySlotTests
{
    private static readonly TopologyOptions NoReserve = TopologyOptions.Default with { OriginSlotsReservedForRelays = 0 };

    [Fact]
    public void Confirm_RelayJoinsOriginFullOfViewers_TakesAViewersSlotAndAdoptsIt()
    {
        var f = new TreeFixture(NoReserve);
        TreePeer origin = f.Origin("O", 2);
        TreePeer far = f.Viewer("v-far", At(5));
        TreePeer near = f.Viewer("v-near", At(30));
        long epochBefore = near.ParentEpoch;

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(new PeerDeclaration("R", PeerRole.Relay, 3) { Coordinate = At(29), Url = "http://127.0.0.1:9000/R" }, []));
        Assert.True(offer.IsOk, offer.Message);
        Assert.Equal("O", Assert.Single(offer.Value!.Candidates).PeerId);

        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("R", ["O"], []));

        Assert.True(attached.IsOk, attached.Message);
        TreePeer relay = attached.Value!.Peer;
        Assert.Same(origin, relay.Parent);
        Assert.False(attached.Value.LostRace);
        PeerMove displaced = Assert.Single(attached.Value.Displaced);
        Assert.Same(near, displaced.Peer);
        Assert.Same(origin, displaced.From);
        Assert.Same(relay, displaced.To);
        Assert.Equal(MoveReason.Displaced, displaced.Reason);
        Assert.Same(relay, near.Parent);
        Assert.Equal(2, near.Depth);
        Assert.Same(origin, far.Parent);
        Assert.Equal(2, origin.Children.Count);
        TreeInvariants.AssertHold(f.Tree);

        // The epoch change is what makes the tracker issue the viewer a ticket for its new parent; its heartbeat says where to go.
        Assert.NotEqual(epochBefore, near.ParentEpoch);
        TopologyResult<HeartbeatReply> reply = f.Tree.Heartbeat("v-near", new HeartbeatReport(null, [], null));
        Assert.True(reply.IsOk, reply.Message);
        Assert.Same(relay, reply.Value!.Parent);
    }

    [Fact]
    public void Confirm_RelayWithoutFreeSlotAnywhere_NeverDisplacesARelay()
    {
        var f = new TreeFixture(NoReserve);
        TreePeer origin = f.Origin("O", 1);
        TreePeer r1 = f.Relay("R1", 1, At(10), parent: "O");
        TreePeer viewer = f.Viewer("v", At(12), parent: "R1");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(new PeerDeclaration("R2", PeerRole.Relay, 2) { Coordinate = At(11), Url = "http://127.0.0.1:9000/R2" }, []));
        Assert.True(offer.IsOk, offer.Message);
        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("R2", ["O"], []));

        Assert.True(attached.IsOk, attached.Message);
        Assert.Same(r1, attached.Value!.Parent);
        Assert.True(attached.Value.LostRace);
        Assert.Same(origin, r1.Parent);
        Assert.Equal("R2", viewer.Parent?.Id);
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void Join_ViewerAloneWhereOnlyViewersHoldSlots_StillRefused()
    {
        var f = new TreeFixture(NoReserve);
        f.Origin("O", 1);
        f.Viewer("v1", At(5));

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("v2", At(6)), []));

        Assert.False(offer.IsOk);
        Assert.Equal(TopologyStatus.NoEligibleParent, offer.Status);
    }

    [Fact]
    public void Fail_OrphanedRelayFindsEveryParentFullOfViewers_PreemptsAndKeepsItsChildren()
    {
        var f = new TreeFixture(NoReserve);
        TreePeer origin = f.Origin("O", 2);
        f.Relay("R1", 2, At(10), parent: "O");
        TreePeer va = f.Viewer("va", At(3), parent: "O");
        TreePeer r2 = f.Relay("R2", 1, At(20), parent: "R1");
        TreePeer r3 = f.Relay("R3", 2, At(25), parent: "R1");
        f.Viewer("vb", At(21), parent: "R2");
        TreePeer vc = f.Viewer("vc", At(26), parent: "R3");

        TopologyResult<RemovalReport> failed = f.Tree.Fail("R1");

        // R2 takes the freed slot; R3 finds none and takes va's slot at the origin, adopting va.
        Assert.True(failed.IsOk, failed.Message);
        Assert.Same(origin, r2.Parent);
        Assert.Same(origin, r3.Parent);
        Assert.Same(r3, va.Parent);
        Assert.Same(r3, vc.Parent);
        Assert.Empty(f.Tree.DetachedRoots);
        Assert.Contains(failed.Value!.Moves, m => ReferenceEquals(m.Peer, va) && m.Reason == MoveReason.Displaced && ReferenceEquals(m.To, r3));
        Assert.Contains(failed.Value.Moves, m => ReferenceEquals(m.Peer, r3) && ReferenceEquals(m.To, origin));
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void Join_DisplacedViewerWouldExceedMaxDepth_Refused()
    {
        var f = new TreeFixture(NoReserve with { MaxDepth = 1 });
        f.Origin("O", 1);
        f.Viewer("v", At(5));

        // Depth 1 leaves no level for the displaced viewer below the relay.
        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(new PeerDeclaration("R", PeerRole.Relay, 2) { Coordinate = At(4), Url = "http://127.0.0.1:9000/R" }, []));

        Assert.False(offer.IsOk);
        Assert.Equal(TopologyStatus.NoEligibleParent, offer.Status);
    }

    [Fact]
    public void Join_ViewerNearOriginWithRelayRoom_OfferedTheRelayNotTheReservedOriginSlot()
    {
        var f = new TreeFixture();
        TreePeer origin = f.Origin("O", 2);
        TreePeer relay = f.Relay("R", 4, At(20), parent: "O");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("v", At(1)), []));
        Assert.True(offer.IsOk, offer.Message);
        Assert.DoesNotContain(offer.Value!.Candidates, c => c.PeerId == "O");
        Assert.Equal("R", offer.Value.Candidates[0].PeerId);

        // Even naming the origin (say straight after the landmark round) gets it the relay: the last origin slot is kept.
        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("v", ["O"], []));
        Assert.True(attached.IsOk, attached.Message);
        Assert.Same(relay, attached.Value!.Parent);
        Assert.True(attached.Value.LostRace);
        Assert.Equal(1, origin.FreeSlots);

        // A relay may still take the reserved slot.
        TreePeer second = f.Relay("R2", 2, At(2), parent: "O");
        Assert.Same(origin, second.Parent);
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void Join_ViewerWhenNoRelayHasRoom_TakesTheReservedOriginSlot()
    {
        var f = new TreeFixture();
        TreePeer origin = f.Origin("O", 2);
        f.Relay("R", 1, At(20), parent: "O");
        f.Viewer("v1", At(21), parent: "R");

        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("v2", At(1)), [])).IsOk);
        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("v2", ["O"], []));

        Assert.True(attached.IsOk, attached.Message);
        Assert.Same(origin, attached.Value!.Parent);
        Assert.False(attached.Value.LostRace);
    }

    [Fact]
    public void Join_ViewerWithOriginBeyondItsReserve_MayUseTheOrigin()
    {
        var f = new TreeFixture();
        TreePeer origin = f.Origin("O", 3);
        f.Relay("R", 4, At(20), parent: "O");

        TreePeer v = f.Viewer("v", At(1));

        Assert.Same(origin, v.Parent);
        Assert.Equal(1, origin.FreeSlots);
    }

    [Fact]
    public void Churn_RelaysKilledAndReplacedWhileViewersHoldTheOrigin_TreeNeverCollapses()
    {
        // The chaos finding in miniature: viewers arrive first and fill the origin; relays come later, are killed and
        // replaced. Before pre-emption every replacement was refused and its viewers stayed cut off.
        var f = new TreeFixture();
        f.Origin("O", 3);
        for (int v = 0; v < 3; v++)
        {
            f.Viewer($"early-{v}", At(1 + v));
        }

        var relays = new List<string>();
        int next = 0;
        for (int i = 0; i < 3; i++)
        {
            relays.Add(f.Relay($"r{next++}", 4, At(10 + i)).Id);
        }

        for (int v = 0; v < 9; v++)
        {
            f.Viewer($"v{v}", At(10 + (v % 3)));
        }

        for (int round = 0; round < 6; round++)
        {
            string victim = relays[round % relays.Count];
            Assert.True(f.Tree.Fail(victim).IsOk);
            TreePeer replacement = f.Relay($"r{next++}", 4, At(11 + round));
            relays[round % relays.Count] = replacement.Id;
            f.Tree.Improve(20);

            Assert.Empty(f.Tree.DetachedRoots);
            Assert.All(f.Tree.Members, m => Assert.Equal(PeerState.Attached, m.State));
            Assert.Equal(12, f.Tree.Members.Count(m => m.Role == PeerRole.Viewer));
            TreeInvariants.AssertHold(f.Tree);
        }
    }

    [Fact]
    public void Validate_NegativeOriginReserve_Throws()
    {
        var options = TopologyOptions.Default with { OriginSlotsReservedForRelays = -1 };

        ArgumentException e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(nameof(TopologyOptions.OriginSlotsReservedForRelays), e.Message, StringComparison.Ordinal);
    }
}
