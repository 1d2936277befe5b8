namespace StreamMesh.Topology.Tree;

/// <summary>Where a peer is filed in one <see cref="CandidateGrid"/>: the grid, the cell and its slot in the cell.</summary>
internal sealed class GridMembership
{
    public CandidateGrid? Grid { get; set; }

    public long CellKey { get; set; }

    public int IndexInCell { get; set; } = -1;
}
