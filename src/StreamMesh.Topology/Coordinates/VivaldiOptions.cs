namespace StreamMesh.Topology.Coordinates;

/// <summary>
/// Tuning constants of the Vivaldi algorithm (Dabek et al. 2004, Fig. 3).
/// The defaults are the values the paper found to converge quickly without oscillation.
/// </summary>
public sealed record VivaldiOptions
{
    /// <summary>c_c: fraction of the weighted error a node moves per sample (paper: 0.25).</summary>
    public double MovementConstant { get; init; } = 0.25;

    /// <summary>c_e: weight of a new sample in the moving average of the local error (paper: 0.25).</summary>
    public double ErrorConstant { get; init; } = 0.25;

    /// <summary>Heights are kept at least this large (ms) so a node never collapses onto the plane.</summary>
    public double MinHeight { get; init; } = 0.1;

    /// <summary>Lower bound of a node's error estimate; keeps the weight w = e_i/(e_i+e_j) defined.</summary>
    public double MinError { get; init; } = 0.01;

    /// <summary>Upper bound of a node's error estimate.</summary>
    public double MaxError { get; init; } = 1.0;

    /// <summary>RTT samples below this (ms) are raised to it; relative errors of sub-0.05 ms samples are noise.</summary>
    public double MinRttMs { get; init; } = 0.05;

    /// <summary>Samples above this (ms) are discarded as outliers (timeouts, stalled pings).</summary>
    public double MaxRttMs { get; init; } = 10_000;

    /// <summary>Passes over the samples when a fresh node is fitted against known landmarks.</summary>
    public int FitPasses { get; init; } = 24;

    /// <summary>Default options.</summary>
    public static VivaldiOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (!(MovementConstant > 0 && MovementConstant <= 1))
        {
            throw new ArgumentException($"MovementConstant must be in (0, 1], was {MovementConstant}.", nameof(MovementConstant));
        }

        if (!(ErrorConstant > 0 && ErrorConstant <= 1))
        {
            throw new ArgumentException($"ErrorConstant must be in (0, 1], was {ErrorConstant}.", nameof(ErrorConstant));
        }

        if (!(MinHeight >= 0 && double.IsFinite(MinHeight)))
        {
            throw new ArgumentException($"MinHeight must be a finite value >= 0, was {MinHeight}.", nameof(MinHeight));
        }

        if (!(MinError > 0 && MinError < MaxError && double.IsFinite(MaxError)))
        {
            throw new ArgumentException($"Need 0 < MinError < MaxError, was {MinError} and {MaxError}.", nameof(MinError));
        }

        if (!(MinRttMs > 0 && MinRttMs < MaxRttMs && double.IsFinite(MaxRttMs)))
        {
            throw new ArgumentException($"Need 0 < MinRttMs < MaxRttMs, was {MinRttMs} and {MaxRttMs}.", nameof(MinRttMs));
        }

        if (FitPasses is < 1 or > 1000)
        {
            throw new ArgumentException($"FitPasses must be in [1, 1000], was {FitPasses}.", nameof(FitPasses));
        }
    }
}
