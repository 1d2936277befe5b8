using StreamMesh.EndToEnd.Tests.Infrastructure;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// A chain of real processes for healing tests: a tracker with fast liveness (heartbeat every 0.5 s, gone after 3 s), an
/// origin of the test source as stream <c>demo</c>, and relays. Every node has one slot, so the tracker has no choice and
/// the tree is a chain origin → … → deepest relay whatever order the relays attach in. Each relay is started only once the
/// one before it shows attached. How a relay dies is the test's to choose (it is what the test measures); afterwards the
/// test hands it back with <see cref="RemoveAsync"/>.
/// </summary>
internal sealed class RelayChain : IAsyncDisposable
{
    private static readonly TimeSpan TreeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TreePollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, NodeProcess> _relays = new(StringComparer.Ordinal);

    private RelayChain(NodeProcess tracker, NodeProcess origin)
    {
        Tracker = tracker;
        Origin = origin;
    }

    public NodeProcess Tracker { get; }

    public NodeProcess Origin { get; }

    /// <summary>The client the chain reads the tracker's tree with; free for the test's own requests.</summary>
    public HttpClient Http { get; } = new();

    /// <summary>The relays not yet removed, by peer id.</summary>
    public IReadOnlyDictionary<string, NodeProcess> Relays => _relays;

    /// <summary>Starts the tracker, the origin (<c>origin-a</c>) and the relays <paramref name="relayIds"/> in order.</summary>
    public static async Task<RelayChain> StartAsync(IEnumerable<string> relayIds, CancellationToken cancellationToken)
    {
        var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=3"], cancellationToken);
        NodeProcess origin;
        try
        {
            origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "1", "--peer-id", "origin-a"], cancellationToken);
        }
        catch
        {
            await tracker.DisposeAsync();
            throw;
        }

        var chain = new RelayChain(tracker, origin);
        try
        {
            foreach (var id in relayIds)
            {
                chain._relays[id] = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", id, "--max-children", "1"], cancellationToken);

                // A relay that never attaches says why in its log; the chain is gone before the test could print it.
                await chain.WaitForTreeAsync(t => t.IsAttached(id), $"{id} attached", () => $"\n--- {id}\n{chain.StreamLog(id)}", cancellationToken);
            }
        }
        catch
        {
            await chain.DisposeAsync();
            throw;
        }

        return chain;
    }

    public Task<ObservedTree> ReadTreeAsync(CancellationToken cancellationToken) => ObservedTree.ReadAsync(Http, Tracker, cancellationToken);

    /// <summary>Polls the tracker's tree until <paramref name="condition"/> holds; fails the test after 30 s with the last tree seen.</summary>
    public Task<ObservedTree> WaitForTreeAsync(Func<ObservedTree, bool> condition, string what, CancellationToken cancellationToken) =>
        WaitForTreeAsync(condition, what, () => string.Empty, cancellationToken);

    /// <param name="context">What the failure message adds after the tree.</param>
    private async Task<ObservedTree> WaitForTreeAsync(Func<ObservedTree, bool> condition, string what, Func<string> context, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        ObservedTree? tree = null;
        while (TimeProvider.System.GetElapsedTime(started) < TreeTimeout)
        {
            tree = await ReadTreeAsync(cancellationToken);
            if (condition(tree))
            {
                return tree;
            }

            await Task.Delay(TreePollInterval, cancellationToken);
        }

        Assert.Fail($"never saw {what}: {tree?.Json}{context()}");
        return tree!;
    }

    /// <summary>Takes a relay the test has killed or stopped out of <see cref="Relays"/> and releases its process.</summary>
    public async Task RemoveAsync(string id)
    {
        if (_relays.Remove(id, out var relay))
        {
            await relay.DisposeAsync();
        }
    }

    /// <summary>The lines of a relay's log about stream <c>demo</c>: its parents, switches and children.</summary>
    public string StreamLog(string id) =>
        string.Join('\n', _relays[id].Log.Split('\n').Where(l => l.Contains("Stream demo", StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays.Values)
        {
            await relay.DisposeAsync();
        }

        _relays.Clear();
        Http.Dispose();
        await Origin.DisposeAsync();
        await Tracker.DisposeAsync();
    }
}
