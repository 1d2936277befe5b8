using System.Net;
using StreamMesh.Topology.Coordinates;

namespace StreamMesh.Topology.Tree;

/// <summary>
/// One peer of a stream as the tree sees it. Read-only to callers; only <see cref="StreamTree"/> mutates it,
/// so the same threading rule applies: read it under the lock that guards the owning tree.
/// </summary>
public sealed class TreePeer
{
    private readonly List<TreePeer> _children = [];

    internal TreePeer(string id, PeerRole role, int capacity, bool canRelay, string site, string? url, IPAddress? address, DateTimeOffset now)
    {
        Id = id;
        Role = role;
        Capacity = capacity;
        CanRelay = canRelay;
        Site = site;
        Url = url;
        Address = address;
        JoinedAt = now;
        LastHeartbeat = now;
        Coordinate = CoordinateEstimate.Unknown;
    }

    /// <summary>Unique id within the stream.</summary>
    public string Id { get; }

    /// <summary>Role declared at join.</summary>
    public PeerRole Role { get; private set; }

    /// <summary>Maximum number of children.</summary>
    public int Capacity { get; private set; }

    /// <summary>True when the peer may have children: distributing role, capacity above zero, site not receive-only.</summary>
    public bool CanRelay { get; private set; }

    /// <summary>Site (lower-case).</summary>
    public string Site { get; private set; }

    /// <summary>Public base URL (WHEP) of a distributing peer; null for pure viewers.</summary>
    public string? Url { get; private set; }

    /// <summary>Address the site was resolved from, when known.</summary>
    public IPAddress? Address { get; private set; }

    /// <summary>Life-cycle state.</summary>
    public PeerState State { get; internal set; } = PeerState.Pending;

    /// <summary>Current Vivaldi coordinate and its error estimate.</summary>
    public CoordinateEstimate Coordinate { get; internal set; }

    /// <summary>False until the peer has a coordinate from samples or from the client.</summary>
    public bool HasCoordinate { get; internal set; }

    /// <summary>Parent in the tree; null for origins, pending and detached-root peers.</summary>
    public TreePeer? Parent { get; internal set; }

    /// <summary>Children in attachment order.</summary>
    public IReadOnlyList<TreePeer> Children => _children;

    /// <summary>Hops from the origin (origins are 0).</summary>
    public int Depth { get; internal set; }

    /// <summary>One-way latency from the origin along the tree path, ms (sum of RTT/2 per hop).</summary>
    public double PathLatencyMs { get; internal set; }

    /// <summary>RTT to the parent the tree uses: the last measured value, else the predicted one, ms.</summary>
    public double ParentRttMs { get; internal set; }

    /// <summary>True when <see cref="ParentRttMs"/> was measured by the peer rather than predicted.</summary>
    public bool ParentRttMeasured { get; internal set; }

    /// <summary>Incremented whenever the parent changes, so a service can tell which peers need a new ticket.</summary>
    public long ParentEpoch { get; internal set; }

    /// <summary>Reported unreachable by a child; excluded from ranking until its next heartbeat.</summary>
    public bool IsSuspected { get; internal set; }

    /// <summary>When the peer first joined.</summary>
    public DateTimeOffset JoinedAt { get; }

    /// <summary>Last heartbeat, confirm or join seen from the peer.</summary>
    public DateTimeOffset LastHeartbeat { get; internal set; }

    /// <summary>Last time the tree moved the peer to another parent, if ever.</summary>
    public DateTimeOffset? LastMovedAt { get; internal set; }

    /// <summary>Statistics from the latest heartbeat.</summary>
    public PeerStats? Stats { get; internal set; }

    /// <summary>Free child slots (0 for peers that cannot relay).</summary>
    public int FreeSlots => CanRelay ? Capacity - _children.Count : 0;

    /// <summary>Fraction of the capacity in use (0 when the peer cannot relay).</summary>
    public double Load => CanRelay && Capacity > 0 ? (double)_children.Count / Capacity : 0;

    internal List<TreePeer> ChildList => _children;

    internal int IndexInParent { get; set; } = -1;

    internal int IndexInAll { get; set; } = -1;

    internal GridMembership MainIndex { get; } = new();

    internal GridMembership ShallowIndex { get; } = new();

    internal MeasuredRttCache MeasuredRtts { get; } = new();

    /// <summary>Marks the peer as already in the current ranking pool (cheaper than a set per ranking).</summary>
    internal int RankStamp { get; set; }

    internal List<TreePeer> BackupList { get; } = [];

    /// <summary>Distinct peers that reported this one unreachable since its last heartbeat.</summary>
    internal List<TreePeer> UnreachableReporters { get; } = [];

    /// <summary>Peers the tree wants this peer to measure before it considers moving there (asked for in the next heartbeat reply).</summary>
    internal List<TreePeer> ProbeWishes { get; } = [];

    internal DateTimeOffset PendingSince { get; set; }

    internal ulong Seed { get; set; }

    internal void Redeclare(PeerRole role, int capacity, bool canRelay, string site, string? url, IPAddress? address)
    {
        Role = role;
        Capacity = capacity;
        CanRelay = canRelay;
        Site = site;
        Url = url;
        Address = address;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Role}, depth {Depth}, {State})";
}
