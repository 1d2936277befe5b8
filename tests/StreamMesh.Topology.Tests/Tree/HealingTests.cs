using StreamMesh.Topology.Tree;
using static StreamMesh.Topology.Tests.Tree.TreeFixture;

namespace StreamMesh.Topology.Tests.Tree;

public class HealingTests
{
    [Fact]
    public void Leave_ParentWithChildren_ChildrenMoveToTheirFirstBackup()
    {
        var f = new TreeFixture();
        f.Origin("O", 3);
        f.Relay("R1", 2, At(40), parent: "O");
        f.Relay("R2", 2, At(45), parent: "O");
        f.Relay("R3", 2, At(90), parent: "O");
        TreePeer v = f.Viewer("v", At(41), parent: "R1");
        TreePeer firstBackup = f.Tree.GetBackups(v)[0];

        TopologyResult<RemovalReport> left = f.Tree.Leave("R1");

        Assert.True(left.IsOk, left.Message);
        Assert.Equal("R2", firstBackup.Id);
        Assert.Same(firstBackup, v.Parent);
        PeerMove move = Assert.Single(left.Value!.Moves);
        Assert.Equal(MoveReason.ParentLost, move.Reason);
        Assert.Equal(PeerState.Removed, left.Value.Removed.State);
        Assert.False(f.Tree.TryGetPeer("R1", out _));
    }

    [Fact]
    public void Fail_NoSlotLeft_SubtreeDetachedUntilCapacityReturns()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);
        f.Relay("R1", 1, At(10), parent: "O");
        TreePeer r2 = f.Relay("R2", 1, At(20), parent: "R1");
        TreePeer v = f.Viewer("v", At(21), parent: "R2");

        TopologyResult<RemovalReport> failed = f.Tree.Fail("R1");

        // R2 (with v below it) can go straight to the origin's freed slot.
        Assert.True(failed.IsOk);
        Assert.Equal("O", r2.Parent?.Id);
        Assert.Equal(PeerState.Attached, v.State);
        Assert.Equal(2, v.Depth);

        // Now the origin itself goes: everything is cut off and waits.
        f.Tree.Fail("O");
        Assert.Equal(PeerState.Detached, r2.State);
        Assert.Equal(PeerState.Detached, v.State);
        Assert.Contains(r2, f.Tree.DetachedRoots);

        f.Origin("O2", 1);
        Assert.Equal(PeerState.Attached, v.State);
        Assert.Equal("O2", r2.Parent?.Id);
        Assert.Empty(f.Tree.DetachedRoots);
    }

    [Fact]
    public void ReportUnreachable_SubtreeTooTallForAnyFreeSlot_SplitsAndReHomesTheRest()
    {
        var f = new TreeFixture(TopologyOptions.Default with { MaxDepth = 4 });
        f.Origin("O", 1, At(0));
        f.Relay("C", 2, At(10), parent: "O");
        f.Relay("A", 1, At(20), parent: "C");
        f.Relay("D", 1, At(30), parent: "C");
        f.Relay("E", 2, At(40), parent: "D");
        TreePeer b = f.Relay("B", 1, At(21), parent: "A");
        TreePeer v = f.Viewer("v", At(22), parent: "B");

        // Only E (depth 3) has room; B with its child would reach depth 5.
        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("B", ["A"]);

        Assert.True(move.IsOk, move.Message);
        Assert.Equal("E", b.Parent?.Id);
        Assert.Equal(4, b.Depth);
        PeerMove part = Assert.Single(move.Value!.Cascade);
        Assert.Same(v, part.Peer);
        Assert.Equal("E", v.Parent?.Id);
        Assert.Equal(PeerState.Attached, v.State);
        Assert.Empty(f.Tree.DetachedRoots);
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void ExpireSilentPeers_ParentMissesDeadline_RemovedAndChildHealed()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Relay("R1", 2, At(10), parent: "O");
        f.Relay("R2", 2, At(12), parent: "O");
        TreePeer v = f.Viewer("v", At(11), parent: "R1");

        f.Time.Advance(TimeSpan.FromSeconds(10));
        foreach (string id in new[] { "O", "R2", "v" })
        {
            Assert.True(f.Tree.Heartbeat(id, HeartbeatReport.Alive).IsOk);
        }

        f.Time.Advance(TimeSpan.FromSeconds(6));
        IReadOnlyList<RemovalReport> expired = f.Tree.ExpireSilentPeers();

        Assert.Equal(["R1"], expired.Select(r => r.Removed.Id));
        Assert.Equal("R2", v.Parent?.Id);
    }

    [Fact]
    public void ReportUnreachable_CurrentParent_MovesChildAndSuspectsParentUntilItsHeartbeat()
    {
        TreeFixture f = OriginWithTwoRelays();
        TreePeer v = f.Viewer("v", At(11), parent: "R1");

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("v", ["R1"]);

        Assert.True(move.IsOk, move.Message);
        Assert.Equal("R2", v.Parent?.Id);
        Assert.True(f.Tree.TryGetPeer("R1", out TreePeer? r1));
        Assert.True(r1.IsSuspected);
        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("w", At(10)), []));
        Assert.DoesNotContain(offer.Value!.Candidates, c => c.PeerId == "R1");

        Assert.True(f.Tree.Heartbeat("R1", HeartbeatReport.Alive).IsOk);
        offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("w", At(10)), []));
        Assert.Equal("R1", offer.Value!.Candidates[0].PeerId);
    }

    [Fact]
    public void ReportUnreachable_WithReachableBackup_PrefersItOverItsOwnFirstBackup()
    {
        var f = new TreeFixture();
        f.Origin("O", 3);
        f.Relay("R1", 4, At(10), parent: "O");
        f.Relay("R2", 4, At(12), parent: "O");
        f.Relay("R3", 4, At(40), parent: "O");
        TreePeer v = f.Viewer("v", At(11), parent: "R1");
        Assert.Equal("R2", f.Tree.GetBackups(v)[0].Id);

        // R2 did not answer the child's ping; R3 did.
        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("v", ["R1", "R2"], ["R3"]);

        Assert.True(move.IsOk, move.Message);
        Assert.Equal("R3", v.Parent?.Id);
        Assert.True(f.Tree.TryGetPeer("R2", out TreePeer? r2) && r2.IsSuspected);
    }

    [Fact]
    public void ReportUnreachable_DetachedPeerAsksAgain_ReattachesOnceASlotIsFree()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Relay("R1", 2, At(10), parent: "O");
        f.Viewer("x", At(-10), parent: "O");
        f.Viewer("v", At(11), parent: "R1");
        TreePeer w = f.Viewer("w", At(12), parent: "R1");
        f.Tree.Fail("R1");
        TreePeer detached = f.Tree.DetachedRoots.Single();
        f.Tree.Leave("x");

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable(detached.Id, [], ["O"]);

        Assert.True(move.IsOk, move.Message);
        Assert.Equal("O", detached.Parent?.Id);
        Assert.Equal(PeerState.Attached, detached.State);
        Assert.Empty(f.Tree.DetachedRoots);
        Assert.Equal(PeerState.Attached, w.State);
    }

    [Fact]
    public void ReportUnreachable_TwoReporters_RemovesDeadPeerAndFreesItsSlot()
    {
        TreeFixture f = OriginWithTwoRelays(near: "dead");
        TreePeer a = f.Viewer("a", At(11), parent: "dead");
        TreePeer b = f.Viewer("b", At(12), parent: "dead");

        f.Tree.ReportUnreachable("a", ["dead"]);
        Assert.True(f.Tree.TryGetPeer("dead", out _));
        TopologyResult<PeerMove> second = f.Tree.ReportUnreachable("b", ["dead"]);

        Assert.True(second.IsOk, second.Message);
        Assert.False(f.Tree.TryGetPeer("dead", out _));
        Assert.Equal(1, f.Tree.Origins[0].FreeSlots);
        Assert.NotNull(a.Parent);
        Assert.NotNull(b.Parent);
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void ReportUnreachable_OriginReportedByMany_OnlySuspected()
    {
        var f = new TreeFixture();
        f.Origin("O", 3);
        f.Viewer("a", At(1));
        f.Viewer("b", At(2));
        f.Viewer("c", At(3));

        f.Tree.ReportUnreachable("a", ["O"]);
        f.Tree.ReportUnreachable("b", ["O"]);
        f.Tree.ReportUnreachable("c", ["O"]);

        Assert.True(f.Tree.TryGetPeer("O", out TreePeer? origin));
        Assert.Equal(PeerState.Attached, origin.State);
        Assert.True(origin.IsSuspected);
    }

    [Fact]
    public void ReportUnreachable_PeerAlreadyMoved_ReturnsCurrentParentWithoutMoving()
    {
        TreeFixture f = OriginWithTwoRelays();
        TreePeer v = f.Viewer("v", At(11), parent: "R2");
        long epoch = v.ParentEpoch;

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("v", ["R1"]);

        Assert.True(move.IsOk);
        Assert.Equal("R2", move.Value!.To?.Id);
        Assert.Equal(epoch, v.ParentEpoch);
    }

    [Fact]
    public void Heartbeat_MeasuredParentRtt_UpdatesSubtreePathLatency()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        TreePeer r = f.Relay("R", 2, At(10), parent: "O");
        TreePeer v = f.Viewer("v", At(12), parent: "R");
        double before = v.PathLatencyMs;

        TopologyResult<HeartbeatReply> reply = f.Tree.Heartbeat("R", new HeartbeatReport(60, [], new PeerStats(2500, 2500, 0.01, 3)));

        Assert.True(reply.IsOk, reply.Message);
        Assert.Equal(30, r.PathLatencyMs, 6);
        Assert.True(r.ParentRttMeasured);
        Assert.Equal(30 + (v.ParentRttMs / 2), v.PathLatencyMs, 6);
        Assert.True(v.PathLatencyMs > before);
        Assert.Equal(2500, r.Stats!.ReceiveKbps);
    }

    [Theory]
    [InlineData("ghost", TopologyStatus.UnknownPeer)]
    [InlineData("pending", TopologyStatus.NotAttached)]
    public void Heartbeat_NotInTree_Refused(string id, TopologyStatus expected)
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Tree.Join(new JoinRequest(ViewerDeclaration("pending", At(1)), []));

        Assert.Equal(expected, f.Tree.Heartbeat(id, HeartbeatReport.Alive).Status);
    }

    [Fact]
    public void Heartbeat_OutOfRangeValues_InvalidRequest()
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        TreePeer v = f.Viewer("v", At(1));
        double path = v.PathLatencyMs;

        Assert.Equal(TopologyStatus.InvalidRequest, f.Tree.Heartbeat("v", new HeartbeatReport(-3, [], null)).Status);
        Assert.Equal(TopologyStatus.InvalidRequest, f.Tree.Heartbeat("v", new HeartbeatReport(null, [], new PeerStats(1, 1, 1.5, 0))).Status);
        Assert.Equal(TopologyStatus.InvalidRequest, f.Tree.Heartbeat("v", new HeartbeatReport(null, [new RttSample("O", double.PositiveInfinity)], null)).Status);
        Assert.Equal(path, v.PathLatencyMs);
    }

    [Fact]
    public void Heartbeat_Reply_SuggestsProbingUnmeasuredBackups()
    {
        var f = new TreeFixture();
        f.Origin("O", 3);
        f.Relay("R1", 4, At(10), parent: "O");
        f.Relay("R2", 4, At(20), parent: "O");
        f.Viewer("v", At(11), parent: "R1");

        TopologyResult<HeartbeatReply> reply = f.Tree.Heartbeat("v", HeartbeatReport.Alive);
        Assert.Contains(reply.Value!.ProbeSuggestions, p => p.Id == "R2");

        reply = f.Tree.Heartbeat("v", new HeartbeatReport(null, [new RttSample("R2", 19)], null));
        Assert.DoesNotContain(reply.Value!.ProbeSuggestions, p => p.Id == "R2");
    }

    /// <summary>
    /// An origin "O" with two slots, both taken by relays with room for four: <paramref name="near"/> at x = 10 and
    /// "R2" at x = 30, so a viewer near x = 10 ranks <paramref name="near"/> first and "R2" as its backup.
    /// </summary>
    private static TreeFixture OriginWithTwoRelays(string near = "R1")
    {
        var f = new TreeFixture();
        f.Origin("O", 2);
        f.Relay(near, 4, At(10), parent: "O");
        f.Relay("R2", 4, At(30), parent: "O");
        return f;
    }
}
