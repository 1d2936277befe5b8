using StreamMesh.Topology.Coordinates;

namespace StreamMesh.Topology.Tree;

/// <summary>Tuning of one stream's tree. Immutable; call <see cref="Validate"/> before use.</summary>
public sealed record TopologyOptions
{
    /// <summary>How many ranked candidates a joiner gets to probe (K).</summary>
    public int CandidateCount { get; init; } = 4;

    /// <summary>How many landmarks a joiner without a coordinate is asked to probe first.</summary>
    public int LandmarkCount { get; init; } = 8;

    /// <summary>Length of the ordered backup-parent list every attached peer holds.</summary>
    public int BackupCount { get; init; } = 3;

    /// <summary>Deepest allowed level (origins are depth 0).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Largest number of children any peer may declare.</summary>
    public int MaxCapacity { get; init; } = 10_000;

    /// <summary>Absolute ceiling of a peer's one-way path latency from its origin, ms.</summary>
    public double MaxPathLatencyMs { get; init; } = 400;

    /// <summary>
    /// Relative budget: a parent is within budget when the joiner's resulting path latency is at most
    /// MaxStretch × (predicted direct origin→joiner latency) + <see cref="StretchSlackMs"/>.
    /// Candidates over budget are still offered, after every candidate within it.
    /// </summary>
    public double MaxStretch { get; init; } = 1.25;

    /// <summary>Additive slack of the relative budget, ms; keeps nearby joiners from having no candidate at all.</summary>
    public double StretchSlackMs { get; init; } = 4;

    /// <summary>A peer whose last heartbeat is older than this is removed.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A peer reported unreachable (suspected) is removed as soon as its last heartbeat is older than this, instead of
    /// waiting for <see cref="HeartbeatTimeout"/>. Set it a little above the heartbeat interval: a healthy peer heartbeats
    /// before it passes (and so clears the suspicion), so one report alone can never evict a live parent.
    /// </summary>
    public TimeSpan SuspectTimeout { get; init; } = TimeSpan.FromSeconds(7.5);

    /// <summary><see cref="SuspectTimeout"/>, never longer than <see cref="HeartbeatTimeout"/>.</summary>
    public TimeSpan EffectiveSuspectTimeout => SuspectTimeout < HeartbeatTimeout ? SuspectTimeout : HeartbeatTimeout;

    /// <summary>A joiner that does not confirm within this is forgotten.</summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Improvement moves a peer only if its path latency drops by at least this fraction…</summary>
    public double ImprovementMinFraction { get; init; } = 0.15;

    /// <summary>…and by at least this many milliseconds (hysteresis against flapping on noisy RTTs).</summary>
    public double ImprovementMinGainMs { get; init; } = 5;

    /// <summary>A pull-up to a shallower parent may cost at most this much extra path latency, ms.</summary>
    public double PullUpToleranceMs { get; init; } = 2;

    /// <summary>A peer that moved is not moved again by improvement within this time.</summary>
    public TimeSpan MoveCooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A peer reported unreachable by this many different peers (since its last heartbeat) is removed at once, freeing its
    /// slot and healing its children; with fewer reports it is only suspected until its heartbeat deadline.
    /// </summary>
    public int ReportsToRemove { get; init; } = 2;

    /// <summary>A reported parent RTT changes the stored one (and the subtree's path latency) only if it differs by more than this, ms.</summary>
    public double RttUpdateThresholdMs { get; init; } = 1;

    /// <summary>How many recent measured RTTs each peer keeps for ranking.</summary>
    public int MeasuredRttCacheSize { get; init; } = 16;

    /// <summary>
    /// Free peers at most this deep are also kept in a second index, so ranking always sees the best shallow parents
    /// next to the nearest ones (the nearest free peers are often deep, which costs path latency).
    /// </summary>
    public int ShallowDepth { get; init; } = 2;

    /// <summary>
    /// Relative part of the dynamic path budget: a candidate is within budget when the joiner's path latency through it is at
    /// most (1 + this) × the best path latency any candidate offers, plus <see cref="PathToleranceMs"/>.
    /// </summary>
    public double PathTolerance { get; init; } = 0.10;

    /// <summary>Additive part of the dynamic path budget, ms.</summary>
    public double PathToleranceMs { get; init; } = 1;

    /// <summary>
    /// Cost charged per relay hop when ranking and improving (forwarding, re-encryption and queueing in each relay), ms.
    /// It makes equal-latency paths prefer fewer hops — decisive on a LAN, where every candidate is a fraction of a
    /// millisecond away. Reported path latencies do not include it.
    /// </summary>
    public double HopCostMs { get; init; } = 1;

    /// <summary>
    /// Origin offload (docs/relay-tree.md, "Slots for relays"): the last this-many free slots of every origin are kept for
    /// distributing peers. A viewer (a peer that cannot relay) is only given one of them when no other peer it may attach
    /// to has room, so viewers go to relays before they fill the origins. 0 turns the reservation off.
    /// </summary>
    public int OriginSlotsReservedForRelays { get; init; } = 1;

    /// <summary>Side of a cell of the coordinate grid that indexes free distributing peers, ms.</summary>
    public double GridCellMs { get; init; } = 10;

    /// <summary>Coordinate error above which a peer is asked to probe landmarks in its heartbeat reply.</summary>
    public double RefineErrorThreshold { get; init; } = 0.3;

    /// <summary>Random distributing peers suggested per heartbeat to relays, origins and unsure peers, for coordinate refinement.</summary>
    public int RandomProbeCount { get; init; } = 2;

    /// <summary>Error assumed for a coordinate a client brings along (it is not verified).</summary>
    public double ClientCoordinateMinError { get; init; } = 0.5;

    /// <summary>Vivaldi constants.</summary>
    public VivaldiOptions Vivaldi { get; init; } = VivaldiOptions.Default;

    /// <summary>Default options.</summary>
    public static TopologyOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        Require(CandidateCount is >= 1 and <= 32, nameof(CandidateCount), "must be in [1, 32]", CandidateCount);
        Require(LandmarkCount is >= 1 and <= 32, nameof(LandmarkCount), "must be in [1, 32]", LandmarkCount);
        Require(BackupCount is >= 0 and <= 16, nameof(BackupCount), "must be in [0, 16]", BackupCount);
        Require(MaxDepth is >= 1 and <= 64, nameof(MaxDepth), "must be in [1, 64]", MaxDepth);
        Require(MaxCapacity is >= 1 and <= 1_000_000, nameof(MaxCapacity), "must be in [1, 1000000]", MaxCapacity);
        Require(MaxPathLatencyMs > 0 && double.IsFinite(MaxPathLatencyMs), nameof(MaxPathLatencyMs), "must be a positive number", MaxPathLatencyMs);
        Require(MaxStretch >= 1 && double.IsFinite(MaxStretch), nameof(MaxStretch), "must be >= 1", MaxStretch);
        Require(StretchSlackMs >= 0 && double.IsFinite(StretchSlackMs), nameof(StretchSlackMs), "must be >= 0", StretchSlackMs);
        Require(HeartbeatTimeout > TimeSpan.Zero, nameof(HeartbeatTimeout), "must be positive", HeartbeatTimeout);
        Require(SuspectTimeout > TimeSpan.Zero, nameof(SuspectTimeout), "must be positive", SuspectTimeout);
        Require(PendingTimeout > TimeSpan.Zero, nameof(PendingTimeout), "must be positive", PendingTimeout);
        Require(ImprovementMinFraction is >= 0 and < 1, nameof(ImprovementMinFraction), "must be in [0, 1)", ImprovementMinFraction);
        Require(ImprovementMinGainMs >= 0 && double.IsFinite(ImprovementMinGainMs), nameof(ImprovementMinGainMs), "must be >= 0", ImprovementMinGainMs);
        Require(PullUpToleranceMs >= 0 && double.IsFinite(PullUpToleranceMs), nameof(PullUpToleranceMs), "must be >= 0", PullUpToleranceMs);
        Require(MoveCooldown >= TimeSpan.Zero, nameof(MoveCooldown), "must not be negative", MoveCooldown);
        Require(ReportsToRemove is >= 1 and <= 64, nameof(ReportsToRemove), "must be in [1, 64]", ReportsToRemove);
        Require(RttUpdateThresholdMs >= 0 && double.IsFinite(RttUpdateThresholdMs), nameof(RttUpdateThresholdMs), "must be >= 0", RttUpdateThresholdMs);
        Require(MeasuredRttCacheSize is >= 1 and <= 256, nameof(MeasuredRttCacheSize), "must be in [1, 256]", MeasuredRttCacheSize);
        Require(ShallowDepth is >= 0 and <= 64, nameof(ShallowDepth), "must be in [0, 64]", ShallowDepth);
        Require(PathTolerance >= 0 && double.IsFinite(PathTolerance), nameof(PathTolerance), "must be >= 0", PathTolerance);
        Require(PathToleranceMs >= 0 && double.IsFinite(PathToleranceMs), nameof(PathToleranceMs), "must be >= 0", PathToleranceMs);
        Require(HopCostMs >= 0 && double.IsFinite(HopCostMs), nameof(HopCostMs), "must be >= 0", HopCostMs);
        Require(OriginSlotsReservedForRelays is >= 0 and <= 1_000_000, nameof(OriginSlotsReservedForRelays), "must be in [0, 1000000]", OriginSlotsReservedForRelays);
        Require(GridCellMs is >= 0.1 and <= 10_000, nameof(GridCellMs), "must be in [0.1, 10000]", GridCellMs);
        Require(RefineErrorThreshold is > 0 and <= 1, nameof(RefineErrorThreshold), "must be in (0, 1]", RefineErrorThreshold);
        Require(RandomProbeCount is >= 0 and <= 16, nameof(RandomProbeCount), "must be in [0, 16]", RandomProbeCount);
        Require(ClientCoordinateMinError is > 0 and <= 1, nameof(ClientCoordinateMinError), "must be in (0, 1]", ClientCoordinateMinError);
        ArgumentNullException.ThrowIfNull(Vivaldi, nameof(Vivaldi));
        Vivaldi.Validate();
    }

    private static void Require(bool condition, string name, string rule, object value)
    {
        if (!condition)
        {
            throw new ArgumentException($"TopologyOptions.{name} {rule}, was {value}.", name);
        }
    }
}
