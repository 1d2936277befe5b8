namespace StreamMesh.Topology.Coordinates;

/// <summary>
/// A node's Vivaldi coordinate together with its local error estimate e_i
/// (Vivaldi §4.3: the relative error of recent predictions, 1.0 meaning "no idea").
/// </summary>
/// <param name="Coordinate">The position in the coordinate space.</param>
/// <param name="Error">Relative error estimate in [<see cref="VivaldiOptions.MinError"/>, <see cref="VivaldiOptions.MaxError"/>].</param>
public readonly record struct CoordinateEstimate(VivaldiCoordinate Coordinate, double Error)
{
    /// <summary>A node that has never seen a sample: at the origin with the maximum error.</summary>
    public static CoordinateEstimate Unknown => new(VivaldiCoordinate.Zero, 1.0);
}
