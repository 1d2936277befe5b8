using System.Net;
using System.Net.Http.Json;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Testing.Processes;

namespace StreamMesh.Chaos;

/// <summary>
/// A whole relay tree as real processes on one machine: a tracker, origins and relays, each site on
/// its own loopback subnet so that the nodes' latency emulation can tell the sites apart.
/// Relays can be killed (<c>kill -9</c>) and started again, on any site, under a new peer id.
/// </summary>
/// <remarks>Not thread-safe: drive it from one task.</remarks>
public sealed class TreeCluster : IAsyncDisposable
{
    private readonly TreeClusterOptions _options;
    private readonly string _rttFile;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<ClusterNode> _origins = [];
    private readonly List<ClusterNode> _relays = [];
    private readonly List<ClusterNode> _dead = [];
    private readonly int[] _nextHost;
    private int _relaysStarted;
    private ClusterNode? _tracker;

    private TreeCluster(TreeClusterOptions options)
    {
        _options = options;
        _rttFile = Path.Combine(Path.GetTempPath(), $"streammesh-chaos-rtt-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        File.WriteAllText(_rttFile, options.RttTable());
        _nextHost = [.. options.Sites.Select(_ => 1)];
    }

    public TreeClusterOptions Options => _options;

    public Uri TrackerUri => new($"{_tracker!.HttpBase}/");

    public ClusterNode Tracker => _tracker!;

    public IReadOnlyList<ClusterNode> Origins => _origins;

    /// <summary>Relays alive now (killed ones are removed).</summary>
    public IReadOnlyList<ClusterNode> Relays => _relays;

    /// <summary>One viewer site per cluster site, sockets on 127.0.N.200 so that emulating nodes see where they are.</summary>
    public IReadOnlyList<ViewerSite> ViewerSites => [.. _options.Sites.Select((s, i) => new ViewerSite(s, IPAddress.Parse($"127.0.{i + 1}.200")))];

    /// <summary>Starts tracker, origins (each until it serves), then the relays (each until attached when <see cref="TreeClusterOptions.StartRelaysInOrder"/>).</summary>
    public static async Task<TreeCluster> StartAsync(TreeClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var cluster = new TreeCluster(options);
        try
        {
            var trackerHttp = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.FreeTcpPort(IPAddress.Loopback));
            cluster._tracker = await ClusterNode.StartAsync(options.StreamMeshDll, "tracker", "tracker", null, trackerHttp, 0,
                [$"--Tracker:HeartbeatIntervalSeconds={options.HeartbeatIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                 $"--Tracker:HeartbeatTimeoutSeconds={options.HeartbeatTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                 .. options.OriginSlotsReservedForRelays is { } reserved ? [$"--Tracker:OriginSlotsReservedForRelays={reserved}"] : Array.Empty<string>(),
                 .. options.TrackerArguments],
                options.NodeStartTimeout, cancellationToken).ConfigureAwait(false);

            await Task.WhenAll(options.OriginSites.Select((site, i) => cluster.StartOriginAsync(site, $"origin-{site}-{i + 1}", cancellationToken))).ConfigureAwait(false);
            await cluster.WaitUntilAsync(t => t.Nodes.Count(n => n.Role == TrackerPeerRole.Origin) == options.OriginSites.Count, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            foreach (var site in options.RelaySites)
            {
                await cluster.StartRelayAsync(site, options.StartRelaysInOrder, cancellationToken).ConfigureAwait(false);
            }

            if (!options.StartRelaysInOrder)
            {
                await cluster.WaitUntilAsync(t => cluster._relays.All(r => IsAttached(t, r.PeerId)), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static bool IsAttached(TreeDto tree, string peerId) =>
        tree.Nodes.Any(n => n.Id == peerId && n.State == "attached" && n.Parent is not null);

    /// <summary>Starts an origin of the stream on <paramref name="site"/>.</summary>
    public async Task<ClusterNode> StartOriginAsync(string site, string peerId, CancellationToken cancellationToken)
    {
        var http = NextEndPoint(site);
        var node = await ClusterNode.StartAsync(_options.StreamMeshDll, "origin", peerId, site, http, 0,
            [.. _options.OriginSourceArguments, "--stream", _options.Stream, "--tracker", _tracker!.HttpBase, "--max-children", $"{_options.OriginMaxChildren}", "--peer-id", peerId, "--site", site, .. EmulationArguments()],
            _options.NodeStartTimeout, cancellationToken).ConfigureAwait(false);
        lock (_origins)
        {
            _origins.Add(node);
        }

        return node;
    }

    /// <summary>Starts a relay on <paramref name="site"/> under a fresh peer id, with a known UDP port.</summary>
    public Task<ClusterNode> StartRelayAsync(string site, bool waitAttached, CancellationToken cancellationToken) =>
        StartRelayAsync(site, _options.RelayMaxChildren, [], waitAttached, cancellationToken);

    /// <summary>Starts a relay with its own slot count and extra arguments (e.g. <c>--Tree:WarmStandby=true</c>).</summary>
    public async Task<ClusterNode> StartRelayAsync(string site, int maxChildren, IReadOnlyList<string> extraArguments, bool waitAttached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extraArguments);
        var http = NextEndPoint(site);
        int udp = LoopbackPorts.FreeUdpPort(http.Address);
        string peerId = $"relay-{site}-{++_relaysStarted}";
        var node = await ClusterNode.StartAsync(_options.StreamMeshDll, "relay", peerId, site, http, udp,
            ["--tracker", _tracker!.HttpBase, "--max-children", $"{maxChildren}", "--peer-id", peerId, "--site", site, "--udp-port", $"{udp}", .. EmulationArguments(), .. extraArguments],
            _options.NodeStartTimeout, cancellationToken, untilListening: !waitAttached).ConfigureAwait(false);
        _relays.Add(node);
        if (waitAttached)
        {
            await WaitUntilAsync(t => IsAttached(t, peerId), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }

        return node;
    }

    /// <summary><c>kill -9</c> of a node; it leaves <see cref="Relays"/> / <see cref="Origins"/>.</summary>
    public async Task KillAsync(ClusterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        await node.KillAsync().ConfigureAwait(false);
        _relays.Remove(node);
        lock (_origins)
        {
            _origins.Remove(node);
        }

        _dead.Add(node);
    }

    public async Task<TreeDto> GetTreeAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync(new Uri(TrackerUri, $"api/streams/{Uri.EscapeDataString(_options.Stream)}/tree"), TrackerJsonContext.Default.TreeDto, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("the tracker sent an empty tree");

    /// <summary>Polls the tracker's tree until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public async Task<TreeDto> WaitUntilAsync(Func<TreeDto, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        TreeDto? last = null;
        try
        {
            do
            {
                try
                {
                    last = await GetTreeAsync(deadline.Token).ConfigureAwait(false);
                    if (condition(last))
                    {
                        return last;
                    }
                }
                catch (HttpRequestException)
                {
                    // the stream is not registered yet
                }
            }
            while (await ticks.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"the tree did not reach the expected shape within {timeout}; last seen:\n{Describe(last)}");
    }

    /// <summary>One line per peer: id, site, parent, RTT to parent.</summary>
    public static string Describe(TreeDto? tree) => tree is null ? "(no tree)" : string.Join('\n', tree.Nodes.Select(n =>
        $"  {n.Id,-28} {n.Role,-7} {n.Site,-6} {n.State,-9} parent {n.Parent ?? "-",-20} rtt {n.RttToParentMs?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} children {n.Children.Count}/{n.Capacity}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _relays.Concat(_origins).Concat(_dead).Reverse().ToArray())
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        if (_tracker is not null)
        {
            await _tracker.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        File.Delete(_rttFile);
    }

    private string[] EmulationArguments() => _options.EmulateLatency ? ["--emulate-rtt", _rttFile] : [];

    private IPEndPoint NextEndPoint(string site)
    {
        int index = _options.Sites.Select((s, i) => (s, i)).First(x => string.Equals(x.s, site, StringComparison.OrdinalIgnoreCase)).i;
        var address = IPAddress.Parse($"127.0.{index + 1}.{_nextHost[index]++}");
        return new IPEndPoint(address, LoopbackPorts.FreeTcpPort(address));
    }
}
