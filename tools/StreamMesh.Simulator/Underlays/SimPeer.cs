using System.Net;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Underlays;

/// <summary>One simulated host: where it sits in the underlay and how it takes part in the stream.</summary>
public sealed class SimPeer
{
    /// <summary>Creates a peer.</summary>
    public SimPeer(int index, string id, PeerRole role, int capacity)
    {
        Index = index;
        Id = id;
        Role = role;
        Capacity = capacity;
    }

    /// <summary>Position in the population list.</summary>
    public int Index { get; }

    /// <summary>Peer id used with the tree.</summary>
    public string Id { get; }

    /// <summary>Role.</summary>
    public PeerRole Role { get; }

    /// <summary>Declared capacity.</summary>
    public int Capacity { get; }

    /// <summary>Country (RIPE) or site node (enterprise) index.</summary>
    public int Zone { get; set; }

    /// <summary>RTT contribution of the host's access link, ms.</summary>
    public double Access { get; set; }

    /// <summary>Position inside the zone (unit square).</summary>
    public double X { get; set; }

    /// <summary>Position inside the zone (unit square).</summary>
    public double Y { get; set; }

    /// <summary>Address the tracker sees (enterprise: resolved to a site by the site map).</summary>
    public IPAddress? Address { get; set; }

    /// <summary>False once the host failed or left.</summary>
    public bool Alive { get; set; } = true;

    /// <summary>The tree's view of this peer while it is in the tree.</summary>
    public TreePeer? Node { get; set; }

    /// <summary>Probe suggestions from the last heartbeat reply, measured on the next one.</summary>
    public IReadOnlyList<TreePeer> PendingProbes { get; set; } = [];

    /// <summary>Backup parents from the tracker's last answer (join, heartbeat or unreachable report).</summary>
    public IReadOnlyList<TreePeer> KnownBackups { get; set; } = [];

    /// <summary>True for roles that may forward.</summary>
    public bool Distributes => Role != PeerRole.Viewer && Capacity > 0;
}
