using StreamMesh.Topology.Coordinates;
using StreamMesh.Topology.Sites;

namespace StreamMesh.Topology.Tree;

/// <summary>
/// The tree of one stream: a forest rooted at origins, ranking of parents for joiners, confirm with
/// atomic slot reservation, heartbeats, healing through backup parents and periodic improvement.
/// Pure logic: no I/O, time only from the injected <see cref="TimeProvider"/>.
/// Not thread-safe: callers serialise all calls on one instance (the tracker holds a lock per stream,
/// the simulator is single-threaded), and read <see cref="TreePeer"/> objects under the same rule.
/// </summary>
public sealed partial class StreamTree
{
    private readonly Dictionary<string, TreePeer> _peers = new(StringComparer.Ordinal);
    private readonly List<TreePeer> _members = [];
    private readonly List<TreePeer> _origins = [];
    private readonly HashSet<TreePeer> _detachedRoots = [];
    private readonly Dictionary<string, CandidateGrid> _grids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CandidateGrid> _shallowGrids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CandidateGrid[] Main, CandidateGrid[] Shallow)> _feederGrids = new(StringComparer.Ordinal);
    private readonly List<RankedCandidate> _ranked = [];
    private readonly Stack<TreePeer> _walk = new();
    private readonly Stack<(TreePeer Peer, int Level)> _heightWalk = new();
    private readonly ParentRanker _ranker;
    private readonly LandmarkSet _landmarks;
    private readonly TimeProvider _time;
    private ulong _seed;

    /// <summary>Creates an empty tree for <paramref name="stream"/>.</summary>
    /// <param name="stream">Stream name, for messages.</param>
    /// <param name="options">Tuning; validated here.</param>
    /// <param name="sitePolicy">Site rules; <see cref="SitePolicy.AllowAll"/> when there is no site map.</param>
    /// <param name="timeProvider">Clock for heartbeats, pending joins and move cooldowns.</param>
    public StreamTree(string stream, TopologyOptions options, SitePolicy sitePolicy, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sitePolicy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        Stream = stream;
        Options = options;
        SitePolicy = sitePolicy;
        _time = timeProvider;
        _ranker = new ParentRanker(this);
        _landmarks = new LandmarkSet(this);
        _seed = (ulong)stream.Length * 0x9E3779B97F4A7C15UL;
        foreach (char c in stream)
        {
            _seed = VivaldiAlgorithm.SplitMix(_seed ^ c);
        }
    }

    /// <summary>Stream name.</summary>
    public string Stream { get; }

    /// <summary>Tuning in force.</summary>
    public TopologyOptions Options { get; }

    /// <summary>Site rules in force.</summary>
    public SitePolicy SitePolicy { get; }

    /// <summary>Attached and detached peers (origins included, pending joiners excluded), in no particular order.</summary>
    public IReadOnlyList<TreePeer> Members => _members;

    /// <summary>Origins (roots).</summary>
    public IReadOnlyList<TreePeer> Origins => _origins;

    /// <summary>Roots of subtrees currently cut off from every origin.</summary>
    public IReadOnlyCollection<TreePeer> DetachedRoots => _detachedRoots;

    /// <summary>Joiners that have not confirmed yet.</summary>
    public int PendingCount => _peers.Count - _members.Count;

    /// <summary>The tree's clock (shared with whatever keeps per-stream bookkeeping next to the tree).</summary>
    public TimeProvider Clock => _time;

    /// <summary>Current time of the tree's clock.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Finds a peer (pending ones included) by id.</summary>
    public bool TryGetPeer(string peerId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TreePeer? peer) =>
        _peers.TryGetValue(peerId ?? string.Empty, out peer);

    /// <summary>Registers an origin: a root with the given capacity. The stream exists once it has one.</summary>
    public TopologyResult<TreePeer> AddOrigin(PeerDeclaration origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.Role != PeerRole.Origin)
        {
            return TopologyResult<TreePeer>.Fail(TopologyStatus.InvalidRequest, "role must be origin to register a root");
        }

        string? problem = ValidateDeclaration(origin);
        if (problem is not null)
        {
            return TopologyResult<TreePeer>.Fail(TopologyStatus.InvalidRequest, problem);
        }

        if (_peers.ContainsKey(origin.PeerId))
        {
            return TopologyResult<TreePeer>.Fail(TopologyStatus.DuplicatePeer, $"peer '{origin.PeerId}' is already part of stream '{Stream}'");
        }

        TreePeer peer = CreatePeer(origin);
        if (!peer.HasCoordinate)
        {
            // The first origin anchors the coordinate space; later ones start there with full error and move with samples.
            peer.Coordinate = new CoordinateEstimate(new VivaldiCoordinate(0, 0, Options.Vivaldi.MinHeight), _origins.Count == 0 ? 0.2 : Options.Vivaldi.MaxError);
            peer.HasCoordinate = true;
        }

        peer.State = PeerState.Attached;
        peer.Depth = 0;
        peer.PathLatencyMs = 0;
        _peers.Add(peer.Id, peer);
        AddMember(peer);
        _origins.Add(peer);
        RefreshIndex(peer);
        _landmarks.Invalidate();

        // An origin is a new slot supply: give waiting subtrees a chance right away.
        RetryDetached(int.MaxValue, null);
        return TopologyResult<TreePeer>.Ok(peer);
    }

    /// <summary>
    /// Feeds one RTT sample measured by <paramref name="reporterId"/> to <paramref name="targetId"/>: it refines the
    /// reporter's Vivaldi coordinate and is remembered for ranking. Returns false if either peer is unknown or the value is unusable.
    /// </summary>
    public bool RecordRtt(string reporterId, string targetId, double rttMs)
    {
        return TryGetPeer(reporterId, out TreePeer? reporter) && TryGetPeer(targetId, out TreePeer? target) && RecordSample(reporter, target, rttMs);
    }

    /// <summary>RTT between two peers predicted from their coordinates, ms; NaN when either has none.</summary>
    public double PredictRttMs(TreePeer a, TreePeer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.HasCoordinate && b.HasCoordinate ? a.Coordinate.Coordinate.DistanceTo(b.Coordinate.Coordinate) : double.NaN;
    }

    /// <summary>Number of levels below <paramref name="peer"/> (0 for a leaf).</summary>
    public int SubtreeHeight(TreePeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.ChildList.Count == 0)
        {
            return 0;
        }

        int height = 0;
        Stack<(TreePeer Peer, int Level)> stack = _heightWalk;
        stack.Clear();
        stack.Push((peer, 0));
        while (stack.Count > 0)
        {
            (TreePeer node, int level) = stack.Pop();
            height = Math.Max(height, level);
            foreach (TreePeer child in node.ChildList)
            {
                stack.Push((child, level + 1));
            }
        }

        return height;
    }

    /// <summary>True when <paramref name="candidate"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsInSubtreeOf(TreePeer candidate, TreePeer root)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        for (TreePeer? p = candidate; p is not null; p = p.Parent)
        {
            if (ReferenceEquals(p, root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Path budget of a joiner: MaxStretch × its direct latency from the nearest origin + slack, capped (compared with path costs).</summary>
    internal double PathBudgetMs(TreePeer peer)
    {
        double direct = double.PositiveInfinity;
        foreach (TreePeer origin in _origins)
        {
            double rtt = EdgeRtt(peer, origin, out _);
            if (double.IsFinite(rtt))
            {
                direct = Math.Min(direct, rtt / 2);
            }
        }

        return double.IsFinite(direct)
            ? Math.Min(Options.MaxPathLatencyMs, (Options.MaxStretch * direct) + Options.StretchSlackMs)
            : Options.MaxPathLatencyMs;
    }

    /// <summary>RTT between a peer and a (candidate) parent: what the peer measured, else the prediction.</summary>
    internal static double EdgeRtt(TreePeer peer, TreePeer other, out bool measured)
    {
        if (peer.MeasuredRtts.TryGet(other, out double rtt))
        {
            measured = true;
            return rtt;
        }

        measured = false;
        return peer.HasCoordinate && other.HasCoordinate ? peer.Coordinate.Coordinate.DistanceTo(other.Coordinate.Coordinate) : double.NaN;
    }

    internal IEnumerable<CandidateGrid> Grids => _grids.Values.Concat(_shallowGrids.Values);

    private TreePeer CreatePeer(PeerDeclaration d)
    {
        string site = SitePolicy.ResolveSite(d.Address, d.Site);
        bool canRelay = d.Role != PeerRole.Viewer && d.Capacity > 0 && !SitePolicy.IsReceiveOnly(site);
        var peer = new TreePeer(d.PeerId, d.Role, d.Capacity, canRelay, site, d.Url, d.Address, Now)
        {
            PendingSince = Now,
            Seed = NextSeed(),
        };
        if (d.Coordinate is { } c)
        {
            peer.Coordinate = new CoordinateEstimate(c, Math.Max(Options.ClientCoordinateMinError, Options.Vivaldi.MinError));
            peer.HasCoordinate = true;
        }

        return peer;
    }

    private bool RecordSample(TreePeer reporter, TreePeer target, double rttMs)
    {
        if (ReferenceEquals(reporter, target) || target.State is PeerState.Pending or PeerState.Removed
            || !double.IsFinite(rttMs) || rttMs < 0 || rttMs > Options.Vivaldi.MaxRttMs)
        {
            return false;
        }

        reporter.MeasuredRtts.Record(target, rttMs, Options.MeasuredRttCacheSize);
        if (target.HasCoordinate && reporter.HasCoordinate)
        {
            reporter.Seed = VivaldiAlgorithm.SplitMix(reporter.Seed);
            reporter.Coordinate = VivaldiAlgorithm.Update(reporter.Coordinate, target.Coordinate, rttMs, Options.Vivaldi, reporter.Seed);
            if (reporter.MainIndex.Grid is not null || reporter.ShallowIndex.Grid is not null)
            {
                RefreshIndex(reporter);
            }
        }

        return true;
    }

    /// <summary>Places a peer without a coordinate from the measured RTTs it holds.</summary>
    private void FitFromMeasurements(TreePeer peer)
    {
        MeasuredRttCache cache = peer.MeasuredRtts;
        int n = 0;
        Span<CoordinateEstimate> remotes = stackalloc CoordinateEstimate[cache.Count];
        Span<double> rtts = stackalloc double[cache.Count];
        for (int i = 0; i < cache.Count; i++)
        {
            TreePeer remote = cache.PeerAt(i);
            if (remote.HasCoordinate && remote.State != PeerState.Removed)
            {
                remotes[n] = remote.Coordinate;
                rtts[n] = cache.RttAt(i);
                n++;
            }
        }

        if (n > 0)
        {
            peer.Coordinate = VivaldiAlgorithm.Fit(remotes[..n], rtts[..n], Options.Vivaldi, peer.Seed);
            peer.HasCoordinate = true;
        }
    }

    private void AddMember(TreePeer peer)
    {
        peer.IndexInAll = _members.Count;
        _members.Add(peer);
    }

    private void RemoveMember(TreePeer peer)
    {
        int index = peer.IndexInAll;
        if (index < 0)
        {
            return;
        }

        int last = _members.Count - 1;
        if (index != last)
        {
            TreePeer moved = _members[last];
            _members[index] = moved;
            moved.IndexInAll = index;
        }

        _members.RemoveAt(last);
        peer.IndexInAll = -1;
    }

    /// <summary>Hangs <paramref name="child"/> (and its subtree) under <paramref name="parent"/> and refreshes depths, latencies and index entries below.</summary>
    private void Link(TreePeer child, TreePeer parent)
    {
        double rtt = EdgeRtt(child, parent, out bool measured);
        if (!double.IsFinite(rtt))
        {
            // No coordinate and no measurement: assume the joiner sits next to its parent until it reports.
            child.Coordinate = parent.Coordinate with { Error = Options.Vivaldi.MaxError };
            child.HasCoordinate = true;
            rtt = parent.Coordinate.Coordinate.Height * 2;
            measured = false;
        }

        child.Parent = parent;
        child.IndexInParent = parent.ChildList.Count;
        parent.ChildList.Add(child);
        child.ParentRttMs = rtt;
        child.ParentRttMeasured = measured;
        child.ParentEpoch++;
        RefreshIndex(parent);
        PropagateFrom(child, parent.State);
    }

    /// <summary>Takes <paramref name="child"/> off its parent's child list.</summary>
    private void Unlink(TreePeer child)
    {
        TreePeer? parent = child.Parent;
        if (parent is null)
        {
            return;
        }

        List<TreePeer> siblings = parent.ChildList;
        int index = child.IndexInParent;
        int last = siblings.Count - 1;
        if (index != last)
        {
            TreePeer moved = siblings[last];
            siblings[index] = moved;
            moved.IndexInParent = index;
        }

        siblings.RemoveAt(last);
        child.Parent = null;
        child.IndexInParent = -1;
        RefreshIndex(parent);
    }

    /// <summary>Recomputes depth, path latency, state and index entries for <paramref name="root"/>'s subtree.</summary>
    private void PropagateFrom(TreePeer root, PeerState state)
    {
        _walk.Clear();
        _walk.Push(root);
        while (_walk.Count > 0)
        {
            TreePeer node = _walk.Pop();
            TreePeer? parent = node.Parent;
            node.State = state;
            node.Depth = parent is null ? 0 : parent.Depth + 1;
            node.PathLatencyMs = parent is null ? 0 : parent.PathLatencyMs + (node.ParentRttMs / 2);
            RefreshIndex(node);
            foreach (TreePeer child in node.ChildList)
            {
                _walk.Push(child);
            }
        }
    }

    private ulong NextSeed()
    {
        _seed = VivaldiAlgorithm.SplitMix(_seed);
        return _seed;
    }

    private ParentCandidate ToCandidate(RankedCandidate r) =>
        new(r.Peer.Id, r.Peer.Url, r.Peer.Site, r.Peer.Depth, r.Peer.PathLatencyMs, r.RttMs, r.Source, r.Peer.FreeSlots);
}
