namespace StreamMesh.Simulator.Underlays;

/// <summary>Role mix and capacities of the simulated population.</summary>
public sealed record PopulationMix
{
    /// <summary>Fraction of all peers that are relays (RIPE underlay; the enterprise places relays per site).</summary>
    public double RelayFraction { get; init; } = 0.01;

    /// <summary>Fraction of viewers that can relay.</summary>
    public double RelayCapableFraction { get; init; } = 0.10;

    /// <summary>Children per relay (uplink ÷ stream bitrate, e.g. 600 Mbit/s ÷ 3 Mbit/s).</summary>
    public int RelayCapacity { get; init; } = 200;

    /// <summary>Children of the origin.</summary>
    public int OriginCapacity { get; init; } = 32;

    /// <summary>Largest capacity of a relay-capable viewer (uniform 1..this).</summary>
    public int ViewerCapacityMax { get; init; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> on out-of-range values.</summary>
    public void Validate()
    {
        if (RelayFraction is < 0 or >= 1 || RelayCapableFraction is < 0 or > 1)
        {
            throw new ArgumentException("--relay-fraction must be in [0, 1) and --rcv-fraction in [0, 1].", nameof(RelayFraction));
        }

        if (RelayCapacity < 1 || OriginCapacity < 1 || ViewerCapacityMax < 1)
        {
            throw new ArgumentException("--relay-capacity, --origin-capacity and the viewer capacity must be at least 1.", nameof(RelayCapacity));
        }
    }
}
