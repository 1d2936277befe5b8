namespace StreamMesh.Simulator.Engine;

/// <summary>Simulated time for the topology library: it only ever reads <see cref="GetUtcNow"/>.</summary>
public sealed class SimulationClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Milliseconds since the start of the simulation.</summary>
    public double NowMs { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Epoch + TimeSpan.FromMilliseconds(NowMs);
}
