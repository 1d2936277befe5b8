namespace StreamMesh.Topology.Tree;

/// <summary>What a peer does in a stream's tree.</summary>
public enum PeerRole
{
    /// <summary>A root: pulls the source and feeds the first level of the tree.</summary>
    Origin = 0,

    /// <summary>A headless distributing node (container, service in a branch office or cloud region).</summary>
    Relay = 1,

    /// <summary>A watching peer that never forwards.</summary>
    Viewer = 2,

    /// <summary>A watching peer that can also forward to a few children.</summary>
    RelayCapableViewer = 3,
}
