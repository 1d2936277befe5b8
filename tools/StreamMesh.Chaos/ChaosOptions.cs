namespace StreamMesh.Chaos;

/// <summary>
/// A chaos run: a tree with N headless viewers joined through the tracker; a random relay killed
/// (<c>kill -9</c>) every <see cref="KillInterval"/> and started again on a random site; then a flood
/// of garbage datagrams at one relay's UDP port while its forwarding rate is measured.
/// </summary>
public sealed record ChaosOptions
{
    // Capacity with margin: losing the busiest relay must leave room for its children and its replacement.
    public TreeClusterOptions Cluster { get; init; } = new() { OriginMaxChildren = 2, RelayMaxChildren = 50 };

    public int Viewers { get; init; } = 100;

    /// <summary>Viewers joined per second.</summary>
    public double RampPerSecond { get; init; } = 10;

    public int Kills { get; init; } = 12;

    public TimeSpan KillInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Settle after the last kill before the flood phase (replacement relays attach).</summary>
    public TimeSpan AfterKills { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Garbage datagrams per second at one relay; 0 skips the flood phase.</summary>
    public int FloodRate { get; init; } = 10_000;

    /// <summary>Length of each of the three flood-phase windows (before, during, after the flood).</summary>
    public TimeSpan FloodWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A viewer silent this long at the end (or not connected) counts as lost.</summary>
    public TimeSpan LostSilence { get; init; } = TimeSpan.FromSeconds(3);

    public int Seed { get; init; } = 4242;

    /// <summary>The load run's hold: the kill phase, the settle, and the three flood windows.</summary>
    public TimeSpan HoldDuration =>
        KillInterval * Kills + AfterKills + (FloodRate > 0 ? FloodWindow * 3 + TimeSpan.FromSeconds(1) : TimeSpan.Zero);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Cluster, nameof(Cluster));
        Cluster.Validate();
        if (Viewers is < 1 or > 2000)
        {
            throw new ArgumentException($"Viewers must be 1..2000 (got {Viewers})", nameof(Viewers));
        }

        if (Kills < 0 || KillInterval <= TimeSpan.Zero || FloodRate < 0 || FloodWindow <= TimeSpan.Zero || !(RampPerSecond > 0))
        {
            throw new ArgumentException("kills, flood rate must not be negative; intervals and ramp must be positive", nameof(Kills));
        }

        if (Kills > 0 && Cluster.RelaySites.Count == 0)
        {
            throw new ArgumentException("kills need relays", nameof(Kills));
        }
    }
}
