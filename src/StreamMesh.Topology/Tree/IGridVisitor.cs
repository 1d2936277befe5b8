namespace StreamMesh.Topology.Tree;

/// <summary>Callback of <see cref="CandidateGrid.Search{TVisitor}"/>; a struct so the search stays allocation-free.</summary>
internal interface IGridVisitor
{
    /// <summary>Called before each ring with the smallest RTT any peer of that ring can have.</summary>
    bool ShouldStop(double lowerBoundRttMs);

    /// <summary>Called for every peer in the ring.</summary>
    void Visit(TreePeer peer);
}
