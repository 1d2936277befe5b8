namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Vivaldi coordinate (ms): two planar components and a height.</summary>
public sealed record CoordinateDto
{
    /// <summary>First planar component.</summary>
    public required double X { get; init; }

    /// <summary>Second planar component.</summary>
    public required double Y { get; init; }

    /// <summary>Height (access-link delay), at least 0.</summary>
    public required double Height { get; init; }
}
