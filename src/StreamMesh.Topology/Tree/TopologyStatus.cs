namespace StreamMesh.Topology.Tree;

/// <summary>Outcome class of a <see cref="StreamTree"/> operation; anything but <see cref="Ok"/> left the tree unchanged.</summary>
public enum TopologyStatus
{
    /// <summary>The operation succeeded.</summary>
    Ok = 0,

    /// <summary>No peer with that id is known to the stream.</summary>
    UnknownPeer = 1,

    /// <summary>A peer with that id is already in the tree.</summary>
    DuplicatePeer = 2,

    /// <summary>A field is missing, malformed or out of range; the message says which.</summary>
    InvalidRequest = 3,

    /// <summary>No distributing peer with a free slot satisfies capacity, depth and site policy.</summary>
    NoEligibleParent = 4,

    /// <summary>The peer exists but has not confirmed a parent yet.</summary>
    NotAttached = 5,
}
