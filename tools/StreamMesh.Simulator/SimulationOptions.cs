using StreamMesh.Simulator.Engine;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator;

/// <summary>Everything a simulation run depends on. Immutable; <see cref="Validate"/> throws on nonsense.</summary>
public sealed record SimulationOptions
{
    /// <summary>Peers in the flash crowd (origin and relays included).</summary>
    public int Peers { get; init; } = 10_000;

    /// <summary>"ripe" or "enterprise".</summary>
    public string Underlay { get; init; } = "ripe";

    /// <summary>Seed of every random choice; the same seed gives the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Country of the origin and tracker (RIPE underlay).</summary>
    public string OriginCountry { get; init; } = "DE";

    /// <summary>Placement weights file; null uses data/country_weights.csv.</summary>
    public string? WeightsPath { get; init; }

    /// <summary>Directory holding the RIPE data files.</summary>
    public string DataDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Role mix.</summary>
    public PopulationMix Mix { get; init; } = new();

    /// <summary>Peer and tracker timing.</summary>
    public SessionSettings Settings { get; init; } = new();

    /// <summary>Tree tuning (the library defaults, with heartbeat timeout matched to the simulated heartbeat period).</summary>
    public TopologyOptions Topology { get; init; } = TopologyOptions.Default with { HeartbeatTimeout = TimeSpan.FromSeconds(45) };

    /// <summary>Viewer arrivals per simulated second during the flash crowd.</summary>
    public double JoinRatePerSecond { get; init; } = 200;

    /// <summary>Relays come up over this many simulated seconds before viewers arrive.</summary>
    public double RelayWindowSeconds { get; init; } = 60;

    /// <summary>Simulated seconds of heartbeats and improvement after the last arrival, before measuring.</summary>
    public double SettleSeconds { get; init; } = 120;

    /// <summary>Build and measure the random-parent and oracle trees.</summary>
    public bool Baselines { get; init; } = true;

    /// <summary>Simulated seconds of churn (0 skips the churn phase).</summary>
    public double ChurnSeconds { get; init; } = 600;

    /// <summary>Median viewer session, s (log-normal).</summary>
    public double SessionMedianSeconds { get; init; } = 300;

    /// <summary>σ of the log-normal session length.</summary>
    public double SessionSigma { get; init; } = 1.2;

    /// <summary>Share of departures that say goodbye; the rest vanish.</summary>
    public double GracefulLeaveFraction { get; init; } = 0.8;

    /// <summary>Fractions of distributing peers failed at once, one experiment each on a freshly built tree.</summary>
    public IReadOnlyList<double> FailureFractions { get; init; } = [0.10, 0.25];

    /// <summary>How long recovery is followed after a failure, simulated seconds.</summary>
    public double RecoveryHorizonSeconds { get; init; } = 60;

    /// <summary>Random pairs used to measure coordinate error.</summary>
    public int VivaldiPairs { get; init; } = 20_000;

    /// <summary>Throws <see cref="ArgumentException"/> on out-of-range values.</summary>
    public void Validate()
    {
        if (Peers is < 10 or > 2_000_000)
        {
            throw new ArgumentException($"--peers must be in [10, 2000000], was {Peers}.", nameof(Peers));
        }

        if (Underlay is not ("ripe" or "enterprise"))
        {
            throw new ArgumentException($"--underlay must be ripe or enterprise, was '{Underlay}'.", nameof(Underlay));
        }

        if (!(JoinRatePerSecond > 0) || ChurnSeconds < 0 || SettleSeconds < 0 || RelayWindowSeconds < 0 || !(SessionMedianSeconds > 0) || !(RecoveryHorizonSeconds > 0))
        {
            throw new ArgumentException("rates, durations and horizons must be positive.", nameof(JoinRatePerSecond));
        }

        if (GracefulLeaveFraction is < 0 or > 1 || FailureFractions.Any(f => f is <= 0 or >= 1))
        {
            throw new ArgumentException("fractions must lie in (0, 1).", nameof(FailureFractions));
        }

        Mix.Validate();
        Settings.Validate();
        Topology.Validate();
    }
}
