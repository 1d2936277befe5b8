namespace StreamMesh.Topology.Tree;

/// <summary>Why the tree gave a peer another parent.</summary>
public enum MoveReason
{
    /// <summary>The parent left, failed, expired or was reported unreachable.</summary>
    ParentLost = 0,

    /// <summary>A detached peer found a slot again.</summary>
    Reattached = 1,

    /// <summary>Periodic improvement found a clearly lower path latency.</summary>
    Improvement = 2,

    /// <summary>Periodic improvement found a shallower slot at no extra latency.</summary>
    PullUp = 3,

    /// <summary>Periodic improvement found a same-site parent for a peer fed across sites.</summary>
    SameSite = 4,

    /// <summary>
    /// A leaf viewer gave its slot to a distributing peer that found no free slot, and now hangs below that peer
    /// (docs/relay-tree.md, "Slots for relays").
    /// </summary>
    Displaced = 5,
}
