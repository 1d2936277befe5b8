namespace StreamMesh.Topology.Coordinates;

/// <summary>
/// The Vivaldi update rule with adaptive timestep and height vectors
/// (Dabek, Cox, Kaashoek, Morris: "Vivaldi: A Decentralized Network Coordinate System", SIGCOMM 2004).
/// Pure functions: callers own the estimates and decide which side of a sample moves.
/// </summary>
public static class VivaldiAlgorithm
{
    /// <summary>
    /// Moves <paramref name="local"/> one step towards agreement with a measured <paramref name="rttMs"/>
    /// to a node at <paramref name="remote"/> (Vivaldi Fig. 3; height-vector arithmetic from §5.4).
    /// </summary>
    /// <param name="local">The estimate of the node that moves.</param>
    /// <param name="remote">The estimate of the node at the other end of the sample.</param>
    /// <param name="rttMs">Measured round-trip time in milliseconds.</param>
    /// <param name="options">Algorithm constants.</param>
    /// <param name="seed">Chooses the direction to move in when both nodes sit at the same planar point.</param>
    /// <returns>The updated estimate, or <paramref name="local"/> unchanged when the sample is unusable.</returns>
    public static CoordinateEstimate Update(CoordinateEstimate local, CoordinateEstimate remote, double rttMs, VivaldiOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(rttMs) || rttMs < 0 || rttMs > options.MaxRttMs)
        {
            return local;
        }

        double rtt = Math.Max(rttMs, options.MinRttMs);
        VivaldiCoordinate xi = local.Coordinate;
        VivaldiCoordinate xj = remote.Coordinate;

        // §4.3 adaptive timestep: a confident remote (small e_j) pulls harder than an unsure one.
        double ei = Math.Clamp(local.Error, options.MinError, options.MaxError);
        double ej = Math.Clamp(remote.Error, options.MinError, options.MaxError);
        double w = ei / (ei + ej);

        // §5.4: [x, xh] − [y, yh] = [x − y, xh + yh] and ||[x, xh]|| = ||x|| + xh.
        double dx = xi.X - xj.X;
        double dy = xi.Y - xj.Y;
        double planar = Math.Sqrt((dx * dx) + (dy * dy));
        double heightSum = xi.Height + xj.Height;
        double distance = planar + heightSum;

        // u(x_i − x_j): the unit height vector pointing from the remote to the local node.
        double ux, uy, uh;
        if (planar < 1e-9)
        {
            // Coincident in the plane: the paper picks a random direction so the nodes can separate.
            double angle = UnitInterval(seed) * 2 * Math.PI;
            double norm = 1 + heightSum;
            ux = Math.Cos(angle) / norm;
            uy = Math.Sin(angle) / norm;
            uh = heightSum / norm;
        }
        else
        {
            ux = dx / distance;
            uy = dy / distance;
            uh = heightSum / distance;
        }

        double sampleError = Math.Abs(distance - rtt) / rtt;
        double alpha = options.ErrorConstant * w;
        double newError = Math.Clamp((sampleError * alpha) + (ei * (1 - alpha)), options.MinError, options.MaxError);

        // x_i ← x_i + δ·(rtt − ||x_i − x_j||)·u(x_i − x_j), with δ = c_c·w.
        double force = options.MovementConstant * w * (rtt - distance);
        double x = xi.X + (force * ux);
        double y = xi.Y + (force * uy);
        double h = Math.Max(options.MinHeight, xi.Height + (force * uh));
        var moved = new VivaldiCoordinate(x, y, h);
        return moved.IsValid ? new CoordinateEstimate(moved, newError) : local;
    }

    /// <summary>
    /// Places a node that has no coordinate yet from RTTs it measured to nodes that have one,
    /// by starting next to the nearest of them and running <see cref="VivaldiOptions.FitPasses"/>
    /// rounds of <see cref="Update"/> over the samples while the remotes stay fixed.
    /// </summary>
    /// <param name="remotes">Coordinates of the measured nodes.</param>
    /// <param name="rttsMs">RTT to each remote, same order.</param>
    /// <param name="options">Algorithm constants.</param>
    /// <param name="seed">Breaks ties between coincident points deterministically.</param>
    public static CoordinateEstimate Fit(ReadOnlySpan<CoordinateEstimate> remotes, ReadOnlySpan<double> rttsMs, VivaldiOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (remotes.Length != rttsMs.Length)
        {
            throw new ArgumentException("remotes and rttsMs must have the same length.", nameof(rttsMs));
        }

        int nearest = -1;
        for (int i = 0; i < rttsMs.Length; i++)
        {
            if (double.IsFinite(rttsMs[i]) && rttsMs[i] >= 0 && rttsMs[i] <= options.MaxRttMs && (nearest < 0 || rttsMs[i] < rttsMs[nearest]))
            {
                nearest = i;
            }
        }

        if (nearest < 0)
        {
            return new CoordinateEstimate(new VivaldiCoordinate(0, 0, options.MinHeight), options.MaxError);
        }

        // Starting beside the nearest remote avoids most of the local minima a start at the
        // origin falls into when only a handful of landmarks are known.
        VivaldiCoordinate anchor = remotes[nearest].Coordinate;
        double angle = UnitInterval(seed) * 2 * Math.PI;
        double offset = Math.Max(rttsMs[nearest] / 2, options.MinRttMs);
        var estimate = new CoordinateEstimate(
            new VivaldiCoordinate(anchor.X + (Math.Cos(angle) * offset), anchor.Y + (Math.Sin(angle) * offset), Math.Max(options.MinHeight, rttsMs[nearest] / 4)),
            options.MaxError);

        ulong state = seed;
        for (int pass = 0; pass < options.FitPasses; pass++)
        {
            for (int i = 0; i < remotes.Length; i++)
            {
                state = SplitMix(state);
                estimate = Update(estimate, remotes[i], rttsMs[i], options, state);
            }
        }

        return estimate;
    }

    /// <summary>One step of SplitMix64, a tiny deterministic mixer for direction choices.</summary>
    internal static ulong SplitMix(ulong x)
    {
        ulong z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double UnitInterval(ulong seed) => (SplitMix(seed) >> 11) * (1.0 / (1UL << 53));
}
