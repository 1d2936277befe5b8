using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;
using static StreamMesh.Topology.Tests.Tree.TreeFixture;

namespace StreamMesh.Topology.Tests.Tree;

public class ParentRankingTests
{
    [Fact]
    public void Join_MeasuredRttMatrix_OffersNearestWithCapacityFirst()
    {
        // RTT matrix row of the joiner (ms): O 50, R1 30, R2 10, R3 20. R2 is the nearest but full, O is full.
        var f = new TreeFixture();
        f.Origin("O", 3);
        f.Relay("R1", 2, At(1), parent: "O");
        f.Relay("R2", 2, At(2), parent: "O");
        f.Relay("R3", 2, At(3), parent: "O");
        f.Viewer("v1", At(2, 1), parent: "R2");
        f.Viewer("v2", At(2, 2), parent: "R2");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(
            ViewerDeclaration("J"),
            [new RttSample("O", 50), new RttSample("R1", 30), new RttSample("R2", 10), new RttSample("R3", 20)]));

        Assert.True(offer.IsOk, offer.Message);
        Assert.False(offer.Value!.IsLandmarkRound);
        Assert.Equal(["R3", "R1"], offer.Value.Candidates.Select(c => c.PeerId));
        Assert.All(offer.Value.Candidates, c => Assert.Equal(RttSource.Measured, c.RttSource));
        Assert.Equal(20, offer.Value.Candidates[0].RttMs);
    }

    [Fact]
    public void Join_PredictedFromCoordinates_OrdersByPredictedRtt()
    {
        var f = new TreeFixture();
        f.Origin("O", 4, At(0));
        f.Relay("far", 4, At(80), parent: "O");
        f.Relay("near", 4, At(55), parent: "O");
        f.Relay("mid", 4, At(30), parent: "O");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(60, 0, 1)), []));

        Assert.True(offer.IsOk, offer.Message);
        Assert.Equal("near", offer.Value!.Candidates[0].PeerId);
        Assert.Equal(RttSource.Predicted, offer.Value.Candidates[0].RttSource);
        Assert.Equal(5 + 1 + 0.1, offer.Value.Candidates[0].RttMs!.Value, 6);
    }

    [Fact]
    public void Join_SitePolicy_BeatsRawRtt()
    {
        SitePolicy policy = SiteMapCsv.Parse("""
            site,hq
            site,branch
            site,partner
            site,vpn,receive-only
            feed,hq,*
            """);
        var f = new TreeFixture(policy: policy);
        f.Origin("O", 8, At(0), site: "hq");
        f.Relay("hq-relay", 8, At(99), site: "hq", parent: "O");
        f.Relay("branch-relay", 8, At(60), site: "branch", parent: "O");
        f.Relay("partner-relay", 8, At(100, 1), site: "partner", parent: "O");
        f.Relay("vpn-relay", 8, At(100, 2), site: "vpn", parent: "O");

        // The joiner sits next to the partner and VPN relays and the HQ relay; the branch relay is 40 ms away.
        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(100), site: "branch"), []));

        Assert.True(offer.IsOk, offer.Message);
        string[] ids = [.. offer.Value!.Candidates.Select(c => c.PeerId)];
        Assert.Equal("branch-relay", ids[0]);
        Assert.Contains("hq-relay", ids);
        Assert.DoesNotContain("partner-relay", ids);
        Assert.DoesNotContain("vpn-relay", ids);
    }

    [Fact]
    public void Confirm_ForbiddenParent_IsNotUsedEvenWhenPreferred()
    {
        SitePolicy policy = SiteMapCsv.Parse("site,hq\nsite,branch\nsite,partner\nfeed,hq,*");
        var f = new TreeFixture(policy: policy);
        f.Origin("O", 8, At(0), site: "hq");
        f.Relay("partner-relay", 8, At(10), site: "partner", parent: "O");
        Assert.True(f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(10), "branch"), [])).IsOk);

        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest("J", ["partner-relay"], []));

        Assert.True(attached.IsOk, attached.Message);
        Assert.Equal("O", attached.Value!.Parent.Id);
        Assert.True(attached.Value.LostRace);
    }

    [Fact]
    public void Join_ReceiveOnlySitePeer_GetsNoChildrenEvenAsRelay()
    {
        SitePolicy policy = SiteMapCsv.Parse("site,hq\nsite,vpn,receive-only\nfeed,hq,*");
        var f = new TreeFixture(policy: policy);
        f.Origin("O", 1, At(0), site: "hq");
        TreePeer vpnRelay = f.Relay("vpn-relay", 10, At(5), site: "vpn");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(5), "vpn"), []));

        Assert.False(vpnRelay.CanRelay);
        Assert.Equal(TopologyStatus.NoEligibleParent, offer.Status);
    }

    [Fact]
    public void Join_DepthLimit_SkipsPeersAtMaxDepth()
    {
        var f = new TreeFixture(TopologyOptions.Default with { MaxDepth = 2 });
        f.Origin("O", 2, At(0));
        f.Relay("R1", 2, At(50), parent: "O");
        f.Relay("R2", 2, At(100), parent: "R1");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(100)), []));

        Assert.True(offer.IsOk, offer.Message);
        Assert.DoesNotContain(offer.Value!.Candidates, c => c.PeerId == "R2");
        Assert.Equal("R1", offer.Value.Candidates[0].PeerId);
    }

    [Fact]
    public void Join_PathBudget_PrefersShallowPathOverSlightlyNearerDeepChain()
    {
        // A chain of relays wandering away and back makes the nearest relay expensive in path latency.
        var f = new TreeFixture();
        f.Origin("O", 2, At(0));
        f.Relay("A", 1, At(0, 100), parent: "O");
        f.Relay("B", 1, At(100, 100), parent: "A");
        f.Relay("C", 2, At(100, 1), parent: "B");
        f.Relay("D", 2, At(95), parent: "O");

        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(ViewerDeclaration("J", At(100)), []));

        Assert.True(offer.IsOk, offer.Message);
        Assert.Equal("D", offer.Value!.Candidates[0].PeerId);
        Assert.Contains(offer.Value.Candidates, c => c.PeerId == "C");
    }

    [Fact]
    public void ReportUnreachable_ParentLost_NeverReattachesUnderOwnDescendant()
    {
        var f = new TreeFixture();
        f.Origin("O", 2, At(0));
        TreePeer a = f.Relay("A", 2, At(50), parent: "O");
        TreePeer b = f.Relay("B", 2, At(51), parent: "A");
        f.Relay("C", 2, At(-90), parent: "O");

        TopologyResult<PeerMove> move = f.Tree.ReportUnreachable("A", ["O"]);

        Assert.True(move.IsOk, move.Message);
        Assert.Equal("C", a.Parent?.Id);
        Assert.Same(a, b.Parent);
        Assert.Equal(3, b.Depth);
    }

    [Fact]
    public void GetBackups_RelayWithNearbyChild_ExcludesOwnSubtreeAndParent()
    {
        var f = new TreeFixture();
        f.Origin("O", 3, At(0));
        TreePeer a = f.Relay("A", 2, At(50), parent: "O");
        f.Relay("B", 2, At(51), parent: "A");
        f.Relay("C", 2, At(70), parent: "O");
        f.Relay("D", 2, At(90), parent: "O");

        IReadOnlyList<TreePeer> backups = f.Tree.GetBackups(a);

        Assert.Equal(["C", "D"], backups.Select(p => p.Id));
    }
}
