using StreamMesh.Mesh.Tracker.Dashboard;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <summary>One stream inside the tracker: its tree, the peers' session secrets and ticket bookkeeping, all under <see cref="Gate"/>.</summary>
internal sealed class TrackedStream
{
    public TrackedStream(StreamTree tree)
    {
        Tree = tree;
        Churn = new ChurnCounter(tree.Clock);
    }

    /// <summary>Serialises every access to <see cref="Tree"/> and <see cref="Sessions"/>.</summary>
    public Lock Gate { get; } = new();

    public StreamTree Tree { get; }

    /// <summary>Per-peer secret and the parent epoch the last ticket was issued for.</summary>
    public Dictionary<string, PeerSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Joins and leaves over the last minute, for the dashboard.</summary>
    public ChurnCounter Churn { get; }

    /// <summary>One-shot timer that removes suspected peers when their grace runs out; replaced on each report.</summary>
    public ITimer? SuspectTimer { get; set; }

    /// <summary>Set when the stream was dropped from the directory; a registration racing with it starts a new one.</summary>
    public bool Closed { get; set; }
}
