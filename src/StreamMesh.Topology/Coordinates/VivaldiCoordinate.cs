namespace StreamMesh.Topology.Coordinates;

/// <summary>
/// A Vivaldi network coordinate: a point in a 2-D Euclidean plane plus a non-negative height
/// (Dabek et al., "Vivaldi: A Decentralized Network Coordinate System", SIGCOMM 2004, §5.4).
/// Units are milliseconds of round-trip time. The height models the access link that every
/// packet to or from the node crosses, so it is added, never subtracted, in distances.
/// </summary>
/// <param name="X">First planar component, ms.</param>
/// <param name="Y">Second planar component, ms.</param>
/// <param name="Height">Height component, ms; never negative.</param>
public readonly record struct VivaldiCoordinate(double X, double Y, double Height)
{
    /// <summary>The coordinate every node starts from before it has a sample.</summary>
    public static VivaldiCoordinate Zero => default;

    /// <summary>Planar Euclidean distance, ignoring heights.</summary>
    public double PlanarDistanceTo(VivaldiCoordinate other)
    {
        double dx = X - other.X;
        double dy = Y - other.Y;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>
    /// Predicted round-trip time to <paramref name="other"/>: ||[x, xh] − [y, yh]|| = ||x − y|| + xh + yh
    /// (Vivaldi §5.4, height-vector norm).
    /// </summary>
    public double DistanceTo(VivaldiCoordinate other) => PlanarDistanceTo(other) + Height + other.Height;

    /// <summary>True when every component is a finite number and the height is not negative.</summary>
    public bool IsValid => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Height) && Height >= 0;
}
