using System.Threading.Channels;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>One dashboard client's snapshots (JSON, newest last). Dispose when the client disconnects.</summary>
public sealed class DashboardSubscription : IDisposable
{
    private readonly Action _unsubscribe;
    private int _disposed;

    internal DashboardSubscription(ChannelReader<string> snapshots, Action unsubscribe)
    {
        Snapshots = snapshots;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Snapshots to send, in order; completes when the broadcaster stops.</summary>
    public ChannelReader<string> Snapshots { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
        }
    }
}
