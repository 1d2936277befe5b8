using StreamMesh.Topology.Tree;
using static StreamMesh.Topology.Tests.Tree.TreeFixture;

namespace StreamMesh.Topology.Tests.Tree;

/// <summary>The fast healing rule: a reported parent goes at once when its heartbeat is late beyond the suspect grace.</summary>
public sealed class FastHealingTests
{
    private static readonly TopologyOptions Fast = TopologyOptions.Default with
    {
        HeartbeatTimeout = TimeSpan.FromSeconds(15),
        SuspectTimeout = TimeSpan.FromSeconds(0.75),
    };

    [Fact]
    public void ReportUnreachable_ParentHeartbeatLate_RemovesParentAndMovesChildIntoFreedSlot()
    {
        (TreeFixture f, _, TreePeer lower) = UpperAndLowerRelay();
        f.Time.Advance(TimeSpan.FromSeconds(0.6));
        Assert.True(f.Tree.Heartbeat("lower", HeartbeatReport.Alive).IsOk);
        f.Time.Advance(TimeSpan.FromSeconds(0.3));

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("lower", ["upper"]);

        Assert.True(move.IsOk, move.Message);
        Assert.False(f.Tree.TryGetPeer("upper", out _));
        Assert.Equal("O", lower.Parent?.Id);
        Assert.Equal(PeerState.Attached, lower.State);
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void ReportUnreachable_ParentHeartbeatOnTime_OneReporterCannotEvictIt()
    {
        (TreeFixture f, TreePeer upper, TreePeer lower) = UpperAndLowerRelay();
        f.Time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(f.Tree.Heartbeat("upper", HeartbeatReport.Alive).IsOk);

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("lower", ["upper"]);

        Assert.True(move.IsOk, move.Message);
        Assert.True(f.Tree.TryGetPeer("upper", out _));
        Assert.Equal(PeerState.Attached, upper.State);
        Assert.True(upper.IsSuspected);
        Assert.Null(lower.Parent);

        // The healthy parent heartbeats inside the grace: suspicion clears and nothing is removed.
        f.Time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(f.Tree.Heartbeat("upper", HeartbeatReport.Alive).IsOk);
        f.Time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.DoesNotContain(f.Tree.ExpireSilentPeers(), r => r.Removed.Id == "upper");
        Assert.False(upper.IsSuspected);
    }

    [Fact]
    public void ExpireSilentPeers_SuspectPastGrace_RemovedBeforeHeartbeatTimeoutAndReporterReattached()
    {
        (TreeFixture f, _, TreePeer lower) = UpperAndLowerRelay();
        f.Tree.ReportUnreachable("lower", ["upper"]);
        Assert.Null(lower.Parent);
        IReadOnlyList<(TreePeer Peer, DateTimeOffset Deadline)> deadlines = f.Tree.SuspectDeadlines();
        Assert.Equal("upper", Assert.Single(deadlines).Peer.Id);

        f.Time.Advance(TimeSpan.FromSeconds(0.8));
        Assert.True(f.Tree.Heartbeat("lower", HeartbeatReport.Alive).IsOk);
        IReadOnlyList<RemovalReport> expired = f.Tree.ExpireSilentPeers();

        Assert.Equal(["upper"], expired.Select(r => r.Removed.Id));
        Assert.Equal("O", lower.Parent?.Id);
        Assert.Empty(f.Tree.SuspectDeadlines());
        TreeInvariants.AssertHold(f.Tree);
    }

    [Fact]
    public void ReportUnreachable_OriginHeartbeatLate_RemovedSoSubtreeMovesToOtherOrigin()
    {
        var f = new TreeFixture(Fast);
        f.Origin("O1", 1);
        f.Origin("O2", 1, At(5));
        TreePeer r = f.Relay("r", 4, At(1), parent: "O1");
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(f.Tree.Heartbeat("O2", HeartbeatReport.Alive).IsOk);
        Assert.True(f.Tree.Heartbeat("r", HeartbeatReport.Alive).IsOk);

        f.Tree.ReportUnreachable("r", ["O1"]);

        Assert.False(f.Tree.TryGetPeer("O1", out _));
        Assert.Equal("O2", r.Parent?.Id);
    }

    [Fact]
    public void ConfirmFailed_DeadParentOfDetachedReporter_ReattachesReporterAtOnce()
    {
        (TreeFixture f, _, TreePeer lower) = UpperAndLowerRelay();
        f.Tree.ReportUnreachable("lower", ["upper"]);
        Assert.Null(lower.Parent);

        TopologyResult<RemovalReport> removed = f.Tree.ConfirmFailed("upper");

        Assert.True(removed.IsOk, removed.Message);
        Assert.Equal("O", lower.Parent?.Id);
        Assert.Empty(f.Tree.DetachedRoots);
    }

    [Fact]
    public void Confirm_JoinerWithoutCoordinatePrefersBusyParent_GetsAnyFreeSlotInsteadOfRefusal()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);
        f.Relay("R", 4, At(10), parent: "O");
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("v"), [])).IsOk);

        // The viewer never probed: it has no coordinate and names a parent that has no room.
        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("v", ["O"], []));

        Assert.True(attached.IsOk, attached.Message);
        Assert.Equal("R", attached.Value!.Parent.Id);
    }

    [Fact]
    public void Confirm_EveryoneFull_StillRefusedWithNoEligibleParent()
    {
        var f = new TreeFixture();
        f.Origin("O", 1);
        f.Relay("R", 1, At(10), parent: "O");
        f.Viewer("a", At(11), parent: "R");
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("v"), [])).IsOk);

        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("v", [], []));

        Assert.Equal(TopologyStatus.NoEligibleParent, attached.Status);
    }

    /// <summary>
    /// On the <see cref="Fast"/> rules: origin "O" with its one slot taken by relay "upper", and relay "lower" under
    /// "upper". Both relays have room for four, so when "upper" goes "lower" can only move to the slot it frees.
    /// </summary>
    private static (TreeFixture Fixture, TreePeer Upper, TreePeer Lower) UpperAndLowerRelay()
    {
        var f = new TreeFixture(Fast);
        f.Origin("O", 1);
        TreePeer upper = f.Relay("upper", 4, At(10), parent: "O");
        TreePeer lower = f.Relay("lower", 4, At(12), parent: "upper");
        return (f, upper, lower);
    }
}
