using System.Diagnostics;
using StreamMesh.Simulator.Engine;
using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Report;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator;

/// <summary>
/// One complete run: the flash-crowd tree with its metrics, coordinate accuracy and parent audit; churn on that tree;
/// each mass failure on a freshly built (identical) tree; and the random and oracle baselines on the same population.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Runs everything <paramref name="options"/> asks for.</summary>
    /// <param name="options">Run settings; validated here.</param>
    /// <param name="progress">Receives one line per phase, or null.</param>
    /// <param name="singleCore">Whether the caller pinned the process to one core (reported only).</param>
    public static SimulationReport Run(SimulationOptions options, TextWriter? progress = null, bool singleCore = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Stopwatch total = Stopwatch.StartNew();
        IUnderlay underlay = CreateUnderlay(options);

        progress?.WriteLine($"building the tree: {options.Peers:N0} peers on the {underlay.Name} underlay …");
        BuildResult built = RankedTreeBuilder.Build(options, underlay);
        TreeSession session = built.Session;
        TreeMetrics ranked = TreeMetricsCalculator.Compute("ranked", session);
        VivaldiAccuracy vivaldi = VivaldiAccuracy.Measure(session, options.VivaldiPairs);
        NearestAudit audit = session.Audit;
        var nearest = new NearestParentReport
        {
            Samples = audit.Samples,
            ExactRate = audit.Samples == 0 ? 0 : (double)audit.Exact / audit.Samples,
            Within10PercentRate = audit.Samples == 0 ? 0 : (double)audit.Within10Percent / audit.Samples,
            MeanRttRatio = audit.Samples == 0 ? 0 : audit.RatioSum / audit.Samples,
        };
        session.AuditEnabled = false;
        var timing = new TimingReport
        {
            Joins = session.Joins,
            LibraryJoinSeconds = session.LibraryJoinTime.TotalSeconds,
            LibraryJoinCpuSeconds = session.LibraryJoinCpuSeconds > 0 ? session.LibraryJoinCpuSeconds : null,
            JoinsPerSecond = session.Joins / Math.Max(session.LibraryJoinCpuSeconds > 0 ? session.LibraryJoinCpuSeconds : session.LibraryJoinTime.TotalSeconds, 1e-9),
            JoinPhaseSeconds = built.JoinPhaseWall.TotalSeconds,
            TotalSeconds = 0,
            SingleCore = singleCore,
        };

        ChurnReport? churn = null;
        if (options.ChurnSeconds > 0)
        {
            progress?.WriteLine($"churn: {options.ChurnSeconds:N0} s of arrivals and departures …");
            churn = ChurnExperiment.Run(session, underlay, options, built.Peers.Count, new Random(options.Seed + 5));
        }

        var failures = new List<FailureReport>();
        foreach (double fraction in options.FailureFractions)
        {
            progress?.WriteLine($"failure: {fraction:P0} of distributing peers at once (fresh tree) …");
            SimulationOptions quiet = options with { Settings = options.Settings with { NearestAuditEvery = 0 } };
            BuildResult fresh = RankedTreeBuilder.Build(quiet, underlay);
            failures.Add(FailureExperiment.Run(fresh.Session, fraction, options.RecoveryHorizonSeconds, new Random(options.Seed + 6)));
        }

        TreeMetrics? randomTree = null;
        TreeMetrics? oracleTree = null;
        if (options.Baselines)
        {
            progress?.WriteLine("baselines: random parent, oracle greedy nearest …");
            randomTree = TreeMetricsCalculator.Compute("random", BaselineTreeBuilder.Build(options, underlay, BaselinePolicy.Random).Session);
            oracleTree = TreeMetricsCalculator.Compute("oracle", BaselineTreeBuilder.Build(options, underlay, BaselinePolicy.OracleNearest).Session);
        }

        timing = timing with { TotalSeconds = total.Elapsed.TotalSeconds };
        return new SimulationReport
        {
            Underlay = underlay.Name,
            Peers = options.Peers,
            Seed = options.Seed,
            OriginCountry = underlay is RipeUnderlay ripe ? ripe.OriginCountry : null,
            Population = new PopulationReport
            {
                Origins = built.Peers.Count(p => p.Role == PeerRole.Origin),
                Relays = built.Peers.Count(p => p.Role == PeerRole.Relay),
                RelayCapableViewers = built.Peers.Count(p => p.Role == PeerRole.RelayCapableViewer),
                Viewers = built.Peers.Count(p => p.Role == PeerRole.Viewer),
            },
            Timing = timing,
            Ranked = ranked,
            RandomBaseline = randomTree,
            OracleBaseline = oracleTree,
            Vivaldi = vivaldi,
            NearestParent = nearest,
            JoinToMediaMs = built.AttachMs,
            Churn = churn,
            Failures = failures,
            Targets = TargetEvaluator.Evaluate(ranked, timing, failures),
        };
    }

    /// <summary>The underlay a run asks for.</summary>
    public static IUnderlay CreateUnderlay(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Underlay == "ripe"
            ? new RipeUnderlay(options.DataDirectory, options.WeightsPath, options.OriginCountry)
            : new EnterpriseUnderlay(new Random(options.Seed));
    }
}
