using System.Text.Json;
using StreamMesh.Simulator;
using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Report;

namespace StreamMesh.Topology.Tests.Simulation;

public class SimulatorSmokeTests
{
    [Fact]
    public void Run_Ripe2000Peers_ValidTreeBeatsBaselinesAndHeals()
    {
        var options = new SimulationOptions
        {
            Peers = 2_000,
            Underlay = "ripe",
            ChurnSeconds = 120,
            FailureFractions = [0.25],
            VivaldiPairs = 2_000,
        };

        SimulationReport report = SimulationRunner.Run(options);

        TreeMetrics ranked = report.Ranked;
        Assert.Equal(1_999, ranked.Peers);
        Assert.Equal(0, ranked.Refused);
        Assert.Equal(0, ranked.Detached);
        Assert.Equal(0, ranked.ForbiddenLinks);
        Assert.InRange(ranked.MaxDepth, 2, 8);
        Assert.Equal(ranked.Peers, ranked.DepthHistogram.Sum());
        Assert.True(ranked.Rdp.Mean < report.RandomBaseline!.Rdp.Mean / 2, $"ranked {ranked.Rdp.Mean} vs random {report.RandomBaseline.Rdp.Mean}");
        Assert.True(ranked.Rdp.Mean < report.OracleBaseline!.Rdp.Mean * 1.1, $"ranked {ranked.Rdp.Mean} vs oracle {report.OracleBaseline.Rdp.Mean}");
        Assert.InRange(report.Vivaldi.MedianRelativeError, 0.01, 0.3);
        Assert.True(report.NearestParent.Samples > 0);

        ChurnReport churn = report.Churn!;
        Assert.True(churn.Joins > 0 && churn.GracefulLeaves + churn.AbruptLeaves > 0);
        Assert.Equal(0, churn.TreeAfter.ForbiddenLinks);
        Assert.Equal(0, churn.TreeAfter.Detached);

        FailureReport failure = Assert.Single(report.Failures);
        Assert.True(failure.Orphans > 0);
        Assert.Equal(0, failure.NotReattached);
        Assert.True(failure.Reattach99PercentMs < 5_000, $"99 % reattached after {failure.Reattach99PercentMs} ms");
        Assert.Contains(report.Targets, t => t.Name == "forbidden cross-site links" && t.Met);

        string json = JsonSerializer.Serialize(report, SimulationJsonContext.Default.SimulationReport);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(7, doc.RootElement.GetProperty("targets").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("ranked").GetProperty("rdp").GetProperty("mean").GetDouble() > 0);
    }

    [Fact]
    public void Run_Enterprise2000Peers_NoForbiddenLinksAndMostlySameSite()
    {
        var options = new SimulationOptions
        {
            Peers = 2_000,
            Underlay = "enterprise",
            ChurnSeconds = 60,
            FailureFractions = [0.10],
            Baselines = false,
            VivaldiPairs = 2_000,
        };

        SimulationReport report = SimulationRunner.Run(options);

        Assert.Equal(0, report.Ranked.Refused);
        Assert.Equal(0, report.Ranked.ForbiddenLinks);
        Assert.Equal(0, report.Churn!.TreeAfter.ForbiddenLinks);
        Assert.Equal(0, report.Failures[0].TreeAfter.ForbiddenLinks);
        Assert.True(report.Ranked.SameSiteRate > 0.6, $"same-site rate {report.Ranked.SameSiteRate}");
        Assert.True(report.Ranked.MaxDepth <= 8);
    }

    [Fact]
    public void Parse_BadArguments_ExplainsProblem()
    {
        Assert.Null(SimulatorArguments.Parse(["--peers", "many"], out string? error));
        Assert.Contains("not a number", error, StringComparison.Ordinal);
        Assert.Null(SimulatorArguments.Parse(["--underlay", "mars"], out error));
        Assert.Contains("ripe or enterprise", error, StringComparison.Ordinal);
        Assert.Null(SimulatorArguments.Parse(["--bogus"], out error));

        SimulatorArguments? ok = SimulatorArguments.Parse(["--peers", "100000", "--underlay", "enterprise", "--json", "out.json", "--failures", "none"], out error);
        Assert.NotNull(ok);
        Assert.Equal(100_000, ok.Options.Peers);
        Assert.Empty(ok.Options.FailureFractions);
        Assert.Equal("out.json", ok.JsonPath);
    }
}
