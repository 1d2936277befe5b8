namespace StreamMesh.Simulator.Report;

/// <summary>Who took part.</summary>
public sealed record PopulationReport
{
    /// <summary>Origins.</summary>
    public required int Origins { get; init; }

    /// <summary>Relays.</summary>
    public required int Relays { get; init; }

    /// <summary>Relay-capable viewers.</summary>
    public required int RelayCapableViewers { get; init; }

    /// <summary>Viewers.</summary>
    public required int Viewers { get; init; }
}
