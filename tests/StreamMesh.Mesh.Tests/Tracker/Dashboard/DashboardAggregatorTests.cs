using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Dashboard;

namespace StreamMesh.Mesh.Tests.Tracker.Dashboard;

public sealed class DashboardAggregatorTests
{
    [Fact]
    public void Summarize_ViewersUnderOriginAndRelays_OffloadIsShareNotFedByAnOrigin()
    {
        // origin → relay-1 → v1, v2, v3; origin → v4 (fed directly); relay-1 → relay-2 → v5.
        TreeDto tree = Tree(
            Node("origin", TrackerPeerRole.Origin, null),
            Node("relay-1", TrackerPeerRole.Relay, "origin"),
            Node("relay-2", TrackerPeerRole.Relay, "relay-1"),
            Node("v1", TrackerPeerRole.Viewer, "relay-1", "hq"),
            Node("v2", TrackerPeerRole.Viewer, "relay-1", "hq"),
            Node("v3", TrackerPeerRole.RelayCapableViewer, "relay-1", "branch"),
            Node("v4", TrackerPeerRole.Viewer, "origin", "branch"),
            Node("v5", TrackerPeerRole.Viewer, "relay-2", "hq"));

        DashboardStreamDto summary = DashboardAggregator.Summarize(tree, joinsPerMinute: 7, leavesPerMinute: 2);

        Assert.Equal(1, summary.Origins);
        Assert.Equal(2, summary.Relays);
        Assert.Equal(5, summary.Viewers);
        Assert.Equal(80.0, summary.OriginOffloadPercent);
        Assert.Equal(new Dictionary<string, int> { ["branch"] = 2, ["hq"] = 3 }, summary.ViewersBySite);
        Assert.Equal(7, summary.JoinsPerMinute);
        Assert.Equal(2, summary.LeavesPerMinute);
    }

    [Fact]
    public void Summarize_NoViewers_OffloadIsNullAndQoeEmpty()
    {
        DashboardStreamDto summary = DashboardAggregator.Summarize(Tree(Node("origin", TrackerPeerRole.Origin, null)), 0, 0);

        Assert.Null(summary.OriginOffloadPercent);
        Assert.Equal(0, summary.Qoe.ViewersReporting);
        Assert.Null(summary.Qoe.GlassToGlassP50Ms);
        Assert.Null(summary.Qoe.RebufferingRatio);
        Assert.Null(summary.Qoe.LossPercent);
    }

    [Fact]
    public void Summarize_DetachedViewer_CountedButNotOffloaded()
    {
        TreeDto tree = Tree(
            Node("origin", TrackerPeerRole.Origin, null),
            Node("v1", TrackerPeerRole.Viewer, "origin"),
            Node("v2", TrackerPeerRole.Viewer, null) with { State = "detached" });

        DashboardStreamDto summary = DashboardAggregator.Summarize(tree, 0, 0);

        Assert.Equal(2, summary.Viewers);
        Assert.Equal(1, summary.Detached);
        Assert.Equal(0.0, summary.OriginOffloadPercent);
    }

    [Fact]
    public void Summarize_ViewerStats_MedianAndP95LatencyMeanRebufferingAndLoss()
    {
        var nodes = new List<TreeNodeDto> { Node("origin", TrackerPeerRole.Origin, null) };
        for (int i = 1; i <= 20; i++)
        {
            // Latencies 10, 20, …, 200 ms; the relay's stats must not count as a viewer's.
            nodes.Add(Node($"v{i}", TrackerPeerRole.Viewer, "origin") with
            {
                Stats = new PeerStatsDto { GlassToGlassMs = i * 10, RebufferingRatio = i == 20 ? 0.2 : 0, LossFraction = i <= 10 ? 0.02 : 0 },
            });
        }

        nodes.Add(Node("relay", TrackerPeerRole.Relay, "origin") with { Stats = new PeerStatsDto { LossFraction = 0.5, GlassToGlassMs = 5000 } });

        QoeSummaryDto qoe = DashboardAggregator.Summarize(Tree([.. nodes]), 0, 0).Qoe;

        Assert.Equal(20, qoe.ViewersReporting);
        Assert.Equal(100, qoe.GlassToGlassP50Ms);
        Assert.Equal(190, qoe.GlassToGlassP95Ms);
        Assert.Equal(0.01, qoe.RebufferingRatio);
        Assert.Equal(1.0, qoe.LossPercent);
    }

    [Theory]
    [InlineData(50, 3)]
    [InlineData(95, 5)]
    [InlineData(100, 5)]
    [InlineData(0, 1)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    public void Percentile_NearestRank_ReturnsSmallestValueCoveringThePercent(double percent, double expected)
    {
        Assert.Equal(expected, DashboardAggregator.Percentile([1, 2, 3, 4, 5], percent));
    }

    [Fact]
    public void Percentile_EmptyOrOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => DashboardAggregator.Percentile([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => DashboardAggregator.Percentile([1], 101));
    }

    private static TreeDto Tree(params TreeNodeDto[] nodes) => new()
    {
        Stream = "live",
        Peers = nodes.Length,
        Pending = 0,
        Detached = 0,
        MaxDepth = 0,
        Nodes = nodes,
    };

    private static TreeNodeDto Node(string id, TrackerPeerRole role, string? parent, string site = "hq") => new()
    {
        Id = id,
        Role = role,
        Site = site,
        State = "attached",
        Parent = parent,
        Depth = 0,
        Children = [],
        RttMeasured = false,
        PathLatencyMs = 0,
        Load = 0,
        Capacity = role == TrackerPeerRole.Viewer ? 0 : 10,
    };
}
