using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Tests.LoadTesting;

public sealed class LoadSummaryBuilderTests
{
    [Fact]
    public void Build_ConnectedAndFailedViewers_CountsGroupsFailuresAndComputesLoss()
    {
        ReceivedStreamReport[] streams =
        [
            new(1, "video", false, 990, 990_000, 1000, 10, 0.01, 5, 1.0),
            new(3, "audio", false, 500, 50_000, 500, 0, 0, 0, 0.5),
        ];
        ViewerReport[] reports =
        [
            Viewer(0, "connected", null, 120, streams, lost: 10, expected: 1500, gapMs: 80),
            Viewer(1, "connected", null, 300, streams, lost: 10, expected: 1500, gapMs: 400),
            Viewer(2, "failed", "WHEP POST answered 503 Service Unavailable", null, [], lost: 0, expected: 0, gapMs: 0),
            Viewer(3, "failed", "WHEP POST answered 503 Service Unavailable", null, [], lost: 0, expected: 0, gapMs: 0),
        ];

        var summary = LoadSummaryBuilder.Build([], reports, holdSeconds: 10, holdPackets: 20_000, holdBytes: 12_500_000);

        Assert.Equal(4, summary.ViewersRequested);
        Assert.Equal(2, summary.ViewersConnected);
        Assert.Equal(2, summary.ViewersFailed);
        Assert.Equal(2, summary.ViewersWithVideoAndAudio);
        Assert.Equal(2, summary.FailureReasons["WHEP POST answered 503 Service Unavailable"]);
        Assert.Equal(20, summary.Lost);
        Assert.Equal(3000, summary.Expected);
        Assert.Equal(20.0 / 3000, summary.LossFraction, 9);
        Assert.Equal(2000, summary.PacketsPerSecond);
        Assert.Equal(10, summary.MegabitsPerSecond, 6);
        Assert.Equal(10, summary.RetransmissionsReceived);
        Assert.Equal(28, summary.ReceiveBufferDrops);
        Assert.Equal(2, summary.LongestVideoGap.Count);
        Assert.InRange(summary.LongestVideoGap.MaxMs, 399.9, 400.1);
        Assert.InRange(summary.ConnectTime.P50Ms, 116, 120.1);
    }

    [Fact]
    public void Build_NoHoldWindow_ReportsZeroRates()
    {
        var summary = LoadSummaryBuilder.Build([], [], holdSeconds: 0, holdPackets: 0, holdBytes: 0);

        Assert.Equal(0, summary.PacketsPerSecond);
        Assert.Equal(0, summary.LossFraction);
        Assert.Equal(DistributionSummary.Empty, summary.VideoLatency);
    }

    private static ViewerReport Viewer(int index, string state, string? failure, double? connectMs, IReadOnlyList<ReceivedStreamReport> streams, long lost, long expected, double gapMs) =>
        new(index, state, failure, connectMs, streams, streams.Count > 0 ? 990 : 0, streams.Count > 0 ? 500 : 0, 1_040_000, lost, expected, gapMs,
            DistributionSummary.Empty, DistributionSummary.Empty, 3, 0, 10, 10, 0, 0, ReceiveBufferDrops: 7);
}
