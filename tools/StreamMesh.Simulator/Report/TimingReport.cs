namespace StreamMesh.Simulator.Report;

/// <summary>Wall-clock figures of the run.</summary>
public sealed record TimingReport
{
    /// <summary>Flash-crowd joins that attached.</summary>
    public required int Joins { get; init; }

    /// <summary>Wall time inside the library's join and confirm calls (all rounds of every join), s.</summary>
    public required double LibraryJoinSeconds { get; init; }

    /// <summary>Thread CPU time inside the library's join and confirm calls, s (null where the clock is unavailable).</summary>
    public double? LibraryJoinCpuSeconds { get; init; }

    /// <summary>Joins per second of library time (CPU time when measured, else wall time).</summary>
    public required double JoinsPerSecond { get; init; }

    /// <summary>Wall time of the whole join phase including the simulator, heartbeats and improvement, s.</summary>
    public required double JoinPhaseSeconds { get; init; }

    /// <summary>Wall time of the whole run, s.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>True when the process was pinned to one CPU core.</summary>
    public required bool SingleCore { get; init; }
}
