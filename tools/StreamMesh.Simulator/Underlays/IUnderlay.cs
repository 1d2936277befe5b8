using StreamMesh.Topology.Sites;

namespace StreamMesh.Simulator.Underlays;

/// <summary>A latency model of the network the peers live in, and the population placed on it.</summary>
public interface IUnderlay
{
    /// <summary>"ripe" or "enterprise".</summary>
    string Name { get; }

    /// <summary>Site rules the tracker enforces.</summary>
    SitePolicy Policy { get; }

    /// <summary>The site map CSV text the policy was parsed from, when there is one.</summary>
    string? SiteMapText { get; }

    /// <summary>
    /// Creates the population: index 0 is the origin, then the relays, then viewers and relay-capable viewers
    /// in random arrival order.
    /// </summary>
    IReadOnlyList<SimPeer> CreatePeers(int count, PopulationMix mix, Random random);

    /// <summary>Creates one more viewer-side peer (churn arrivals).</summary>
    SimPeer CreateArrival(int index, PopulationMix mix, Random random);

    /// <summary>True round-trip time between two hosts, ms (symmetric, deterministic).</summary>
    double Rtt(SimPeer a, SimPeer b);

    /// <summary>Independent check of a link against the underlay's own site rules (not the library's).</summary>
    bool IsLinkAllowed(SimPeer parent, SimPeer child);

    /// <summary>Site name of a host in the underlay's own terms, for the same-site rate.</summary>
    string SiteOf(SimPeer peer);
}
