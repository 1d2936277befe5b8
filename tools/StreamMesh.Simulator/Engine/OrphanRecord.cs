using StreamMesh.Simulator.Underlays;

namespace StreamMesh.Simulator.Engine;

/// <summary>One peer's way back to media after losing its parent.</summary>
public sealed class OrphanRecord
{
    /// <summary>Starts a record.</summary>
    public OrphanRecord(SimPeer peer, double lostAtMs, int subtreeSize)
    {
        Peer = peer;
        LostAtMs = lostAtMs;
        SubtreeSize = subtreeSize;
    }

    /// <summary>The orphaned peer.</summary>
    public SimPeer Peer { get; }

    /// <summary>When its parent went away, ms.</summary>
    public double LostAtMs { get; }

    /// <summary>Peers starved with it (itself included) when it lost its parent.</summary>
    public int SubtreeSize { get; }

    /// <summary>When media flowed again from a new parent, ms; null while it has not.</summary>
    public double? ReattachedAtMs { get; set; }

    /// <summary>The peer itself left or failed before it recovered.</summary>
    public bool Gone { get; set; }

    /// <summary>Requests sent to the tracker.</summary>
    public int Reports { get; set; }

    /// <summary>Time without media, ms (infinite if never recovered).</summary>
    public double StallMs => ReattachedAtMs is { } at ? at - LostAtMs : double.PositiveInfinity;
}
