using StreamMesh.Topology.Coordinates;
using StreamMesh.Topology.Tree;
using static StreamMesh.Topology.Tests.Tree.TreeFixture;

namespace StreamMesh.Topology.Tests.Tree;

public class JoinProtocolTests
{
    [Fact]
    public void Join_NoCoordinateNoProbes_ReturnsLandmarkRoundWithOrigin()
    {
        var f = new TreeFixture();
        f.Origin("O", 4);
        f.Relay("R1", 4, At(40));

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J"), []));

        Assert.True(offer.IsOk, offer.Message);
        Assert.True(offer.Value!.IsLandmarkRound);
        Assert.Contains(offer.Value.Candidates, c => c.PeerId == "O");
        Assert.All(offer.Value.Candidates, c => Assert.Null(c.RttMs));
        Assert.Equal(PeerState.Pending, offer.Value.Peer.State);
    }

    [Fact]
    public void Join_SecondRoundWithLandmarkProbes_FitsCoordinateAndRanks()
    {
        var f = new TreeFixture();
        f.Origin("O", 3, At(0, 0, 1));
        f.Relay("east", 8, At(100, 0, 1), parent: "O");
        TreePeer north = f.Relay("north", 8, At(0, 100, 1), parent: "O");
        f.Relay("west", 8, At(-100, 0, 1), parent: "O");
        var truth = new VivaldiCoordinate(5, 95, 1);
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("J"), [])).Value!.IsLandmarkRound);

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J"),
        [
            new RttSample("O", truth.DistanceTo(At(0, 0, 1))),
            new RttSample("east", truth.DistanceTo(At(100, 0, 1))),
            new RttSample("west", truth.DistanceTo(At(-100, 0, 1))),
        ]));

        Assert.True(offer.IsOk, offer.Message);
        Assert.False(offer.Value!.IsLandmarkRound);
        Assert.True(offer.Value.Peer.HasCoordinate);
        Assert.Equal(north.Id, offer.Value.Candidates[0].PeerId);
        Assert.Equal(RttSource.Predicted, offer.Value.Candidates[0].RttSource);
    }

    [Fact]
    public void Confirm_PreferredParentFull_LostRaceTakesNextCandidate()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Relay("R1", 1, At(10), parent: "O");
        f.Relay("R2", 1, At(20), parent: "O");
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("a", At(10)), [])).IsOk);
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("b", At(10)), [])).IsOk);
        Assert.True(f.Tree.Confirm(new ConfirmRequest("a", ["R1"], [])).IsOk);

        TopologyResult<Attachment> second = f.Tree.Confirm(new ConfirmRequest("b", ["R1"], []));

        Assert.True(second.IsOk, second.Message);
        Assert.True(second.Value!.LostRace);
        Assert.Equal("R2", second.Value.Parent.Id);
    }

    [Fact]
    public void Confirm_NoSlotAnywhere_FailsAndLeavesPeerPending()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("late", At(1)), [])).IsOk);
        f.Viewer("first", At(1));

        TopologyResult<Attachment> result = f.Tree.Confirm(new ConfirmRequest("late", ["O"], []));

        Assert.Equal(TopologyStatus.NoEligibleParent, result.Status);
        Assert.True(f.Tree.TryGetPeer("late", out TreePeer? late));
        Assert.Equal(PeerState.Pending, late.State);
        Assert.Single(f.Tree.Origins[0].Children);
    }

    [Fact]
    public void Join_NoSlotAnywhere_LeavesNoPendingPeer()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);
        f.Viewer("first", At(1));

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("late", At(1)), []));

        Assert.Equal(TopologyStatus.NoEligibleParent, offer.Status);
        Assert.Contains("free slot", offer.Message, StringComparison.Ordinal);
        Assert.False(f.Tree.TryGetPeer("late", out _));
        Assert.Equal(0, f.Tree.PendingCount);
    }

    [Fact]
    public void Confirm_WithoutJoin_IsUnknownPeer()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);

        Assert.Equal(TopologyStatus.UnknownPeer, f.Tree.Confirm(new ConfirmRequest("ghost", ["O"], [])).Status);
    }

    [Fact]
    public void Confirm_Twice_IsDuplicate()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Viewer("v", At(1));

        Assert.Equal(TopologyStatus.DuplicatePeer, f.Tree.Confirm(new ConfirmRequest("v", ["O"], [])).Status);
        Assert.Single(f.Tree.Origins[0].Children);
    }

    [Fact]
    public void Join_IdAlreadyInTree_IsDuplicate()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Viewer("v", At(1));

        Assert.Equal(TopologyStatus.DuplicatePeer, f.Tree.Join(new JoinRequest(ViewerDeclaration("v", At(1)), [])).Status);
        Assert.Equal(TopologyStatus.DuplicatePeer, f.Tree.Join(new JoinRequest(ViewerDeclaration("O", At(1)), [])).Status);
        Assert.Equal(TopologyStatus.DuplicatePeer, f.Tree.AddOrigin(new PeerDeclaration("v", PeerRole.Origin, 3)).Status);
    }

    [Fact]
    public void Join_NoOrigin_NoEligibleParent()
    {
        var f = new TreeFixture();

        Assert.Equal(TopologyStatus.NoEligibleParent, f.Tree.Join(new JoinRequest(ViewerDeclaration("v", At(1)), [])).Status);
    }

    [Theory]
    [InlineData("bad id with spaces", PeerRole.Viewer, 0, 10.0)]
    [InlineData("", PeerRole.Viewer, 0, 10.0)]
    [InlineData("v", PeerRole.Viewer, 3, 10.0)]
    [InlineData("r", PeerRole.Relay, 0, 10.0)]
    [InlineData("r", PeerRole.Relay, -1, 10.0)]
    [InlineData("r", PeerRole.Relay, 10_000_000, 10.0)]
    [InlineData("o", PeerRole.Origin, 4, 10.0)]
    [InlineData("v", (PeerRole)42, 0, 10.0)]
    [InlineData("v", PeerRole.Viewer, 0, double.NaN)]
    [InlineData("v", PeerRole.Viewer, 0, -5.0)]
    public void Join_OutOfRangeInput_IsInvalidAndChangesNothing(string id, PeerRole role, int capacity, double probeRtt)
    {
        var f = new TreeFixture();
        f.Origin("O", 2);

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(new PeerDeclaration(id, role, capacity), [new RttSample("O", probeRtt)]));

        Assert.Equal(TopologyStatus.InvalidRequest, offer.Status);
        Assert.False(string.IsNullOrEmpty(offer.Message));
        Assert.Equal(0, f.Tree.PendingCount);
    }

    [Fact]
    public void Join_BadUrl_IsInvalid()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(new PeerDeclaration("r", PeerRole.Relay, 4) { Url = "ftp://x" }, []));

        Assert.Equal(TopologyStatus.InvalidRequest, offer.Status);
        Assert.Contains("url", offer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpireSilentPeers_PendingJoinerPastTimeout_IsForgotten()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("slow", At(1)), [])).IsOk);
        f.Time.Advance(TimeSpan.FromSeconds(10));
        f.Tree.Heartbeat("O", HeartbeatReport.Alive);
        Assert.Empty(f.Tree.ExpireSilentPeers());

        f.Time.Advance(TopologyOptions.Default.PendingTimeout);
        f.Tree.Heartbeat("O", HeartbeatReport.Alive);
        IReadOnlyList<RemovalReport> expired = f.Tree.ExpireSilentPeers();

        Assert.Equal(["slow"], expired.Select(r => r.Removed.Id));
        Assert.False(f.Tree.TryGetPeer("slow", out _));
    }
}
