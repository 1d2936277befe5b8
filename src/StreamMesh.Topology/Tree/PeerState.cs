namespace StreamMesh.Topology.Tree;

/// <summary>Life cycle of a peer inside a <see cref="StreamTree"/>.</summary>
public enum PeerState
{
    /// <summary>Joined and probing candidates; not in the tree yet.</summary>
    Pending = 0,

    /// <summary>Connected to an origin through its chain of parents.</summary>
    Attached = 1,

    /// <summary>Cut off (its parent vanished and no eligible parent had room); waits for a slot with its subtree.</summary>
    Detached = 2,

    /// <summary>Left, failed or expired; the object is no longer part of the tree.</summary>
    Removed = 3,
}
