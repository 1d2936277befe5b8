using System.Diagnostics;
using StreamMesh.Simulator.Underlays;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// Drives one <see cref="StreamTree"/> the way real peers and the tracker would: the join protocol with landmark
/// and candidate probing, confirms, heartbeats with measured RTTs, and the tracker's maintenance ticks.
/// All RTTs the library sees are noisy measurements of the underlay's true RTT.
/// </summary>
public sealed class TreeSession
{
    private readonly Dictionary<string, SimPeer> _byId = new(StringComparer.Ordinal);
    private readonly List<SimPeer> _distributing = [];
    private readonly Stopwatch _libraryTime = new();
    private double _libraryCpuSeconds;
    private double _cpuStart;
    private int _joinCount;

    /// <summary>Creates a session over an empty tree.</summary>
    public TreeSession(IUnderlay underlay, TopologyOptions options, SessionSettings settings, Random random)
    {
        ArgumentNullException.ThrowIfNull(underlay);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        Underlay = underlay;
        Settings = settings;
        Random = random;
        Clock = new SimulationClock();
        Tree = new StreamTree("sim", options, underlay.Policy, Clock);
    }

    /// <summary>The library instance under test.</summary>
    public StreamTree Tree { get; }

    /// <summary>Simulated clock the tree reads.</summary>
    public SimulationClock Clock { get; }

    /// <summary>Latency model.</summary>
    public IUnderlay Underlay { get; }

    /// <summary>Timing settings.</summary>
    public SessionSettings Settings { get; }

    /// <summary>Randomness of the run.</summary>
    public Random Random { get; }

    /// <summary>The origin host (also where the tracker runs).</summary>
    public SimPeer? Origin { get; private set; }

    /// <summary>Wall-clock time spent inside join and confirm calls of the library.</summary>
    public TimeSpan LibraryJoinTime => _libraryTime.Elapsed;

    /// <summary>Thread CPU time spent inside join and confirm calls of the library, s (0 when the clock is unavailable).</summary>
    public double LibraryJoinCpuSeconds => _libraryCpuSeconds;

    /// <summary>Joins that ended attached.</summary>
    public int Joins { get; private set; }

    /// <summary>Joins refused (no eligible parent).</summary>
    public int Refused { get; private set; }

    /// <summary>Confirms whose first choice was taken.</summary>
    public int LostRaces { get; private set; }

    /// <summary>Chosen parent versus true nearest eligible parent.</summary>
    public NearestAudit Audit { get; } = new();

    /// <summary>Audits every n-th join against the true nearest parent while true (the flash crowd only).</summary>
    public bool AuditEnabled { get; set; } = true;

    /// <summary>When false, ticks skip improvement (baselines keep their construction).</summary>
    public bool ImproveOnTick { get; init; } = true;

    /// <summary>The host behind a tree peer.</summary>
    public SimPeer Of(TreePeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return _byId[peer.Id];
    }

    /// <summary>A probe: the true RTT plus a little positive noise.</summary>
    public double Measure(SimPeer a, SimPeer b) =>
        (Underlay.Rtt(a, b) * (1 + Math.Abs(RipeUnderlay.Gaussian(Random) * Settings.ProbeNoise))) + 0.05;

    /// <summary>One-way delay between a host and the tracker (co-located with the origin), ms.</summary>
    public double ToTracker(SimPeer peer) => Origin is null ? 0 : Underlay.Rtt(peer, Origin) / 2;

    /// <summary>Registers the origin.</summary>
    public void AddOrigin(SimPeer origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        TopologyResult<TreePeer> result = Tree.AddOrigin(new PeerDeclaration(origin.Id, PeerRole.Origin, origin.Capacity) { Address = origin.Address });
        origin.Node = result.Value ?? throw new InvalidOperationException(result.Message);
        _byId[origin.Id] = origin;
        _distributing.Add(origin);
        Origin = origin;
    }

    /// <summary>
    /// The full join protocol: a landmark round (probe, join again), probing the ranked candidates, then confirming them
    /// in the joiner's own order (same site first, then lowest resulting path latency: candidate path + measured RTT/2).
    /// </summary>
    public JoinOutcome JoinRanked(SimPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _byId[peer.Id] = peer;
        var declaration = new PeerDeclaration(peer.Id, peer.Role, peer.Capacity) { Address = peer.Address };
        double trackerRtt = 2 * ToTracker(peer);
        double elapsed = trackerRtt;

        StartLibrary();
        TopologyResult<JoinOffer> offer = Tree.Join(new JoinRequest(declaration, []));
        StopLibrary();
        var probes = new List<RttSample>();
        if (offer.IsOk && offer.Value!.IsLandmarkRound)
        {
            elapsed += ProbeAll(peer, offer.Value.Candidates, probes) + trackerRtt;
            StartLibrary();
            offer = Tree.Join(new JoinRequest(declaration, probes));
            StopLibrary();
        }

        if (!offer.IsOk)
        {
            Refused++;
            return new JoinOutcome(null, false, elapsed);
        }

        string site = offer.Value!.Peer.Site;
        int firstProbe = probes.Count;
        elapsed += ProbeAll(peer, offer.Value.Candidates, probes);
        var ranked = new List<(string Id, bool SameSite, double Cost)>();
        foreach (ParentCandidate c in offer.Value.Candidates)
        {
            double rtt = probes.Find(p => p.PeerId == c.PeerId).RttMs;
            ranked.Add((c.PeerId, c.Site == site, c.PathLatencyMs + (rtt / 2)));
        }

        ranked.Sort((a, b) => a.SameSite != b.SameSite ? b.SameSite.CompareTo(a.SameSite) : a.Cost.CompareTo(b.Cost));
        bool audit = AuditEnabled && Settings.NearestAuditEvery > 0 && _joinCount++ % Settings.NearestAuditEvery == 0;
        (SimPeer Peer, double Rtt)? nearest = audit ? TrueNearestEligible(peer) : null;

        StartLibrary();
        TopologyResult<Attachment> confirmed = Tree.Confirm(new ConfirmRequest(peer.Id, [.. ranked.Select(r => r.Id)], probes.GetRange(firstProbe, probes.Count - firstProbe)));
        StopLibrary();
        elapsed += trackerRtt;
        if (!confirmed.IsOk)
        {
            Refused++;
            Tree.Leave(peer.Id);
            return new JoinOutcome(null, false, elapsed);
        }

        Attachment attachment = confirmed.Value!;
        SimPeer parent = Of(attachment.Parent);
        peer.Node = attachment.Peer;
        peer.KnownBackups = attachment.Backups;
        Joins++;
        LostRaces += attachment.LostRace ? 1 : 0;
        if (peer.Distributes)
        {
            _distributing.Add(peer);
        }

        if (nearest is { } n)
        {
            Audit.Add(ReferenceEquals(n.Peer, parent), Underlay.Rtt(peer, parent), n.Rtt);
        }

        return new JoinOutcome(parent, attachment.LostRace, elapsed + ConnectMs(peer, parent));
    }

    /// <summary>Attaches a peer to a parent chosen by a baseline policy (the library still checks the slot).</summary>
    public bool JoinWithParent(SimPeer peer, SimPeer parent)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(parent);
        _byId[peer.Id] = peer;
        var declaration = new PeerDeclaration(peer.Id, peer.Role, peer.Capacity) { Address = peer.Address };
        TopologyResult<JoinOffer> offer = Tree.Join(new JoinRequest(declaration, []));
        if (!offer.IsOk)
        {
            Refused++;
            return false;
        }

        TopologyResult<Attachment> confirmed = Tree.Confirm(new ConfirmRequest(peer.Id, [parent.Id], [new RttSample(parent.Id, Measure(peer, parent))]));
        if (!confirmed.IsOk)
        {
            Refused++;
            Tree.Leave(peer.Id);
            return false;
        }

        peer.Node = confirmed.Value!.Peer;
        Joins++;
        if (peer.Distributes)
        {
            _distributing.Add(peer);
        }

        return true;
    }

    /// <summary>Distributing hosts that joined (some may have left or filled up since).</summary>
    public IReadOnlyList<SimPeer> Distributing => _distributing;

    /// <summary>True when the library would let <paramref name="parent"/> take <paramref name="child"/> now (checked from the outside).</summary>
    public bool CouldFeed(SimPeer parent, SimPeer child)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        TreePeer? node = parent.Node;
        return parent.Alive && node is not null && node.State == PeerState.Attached && !node.IsSuspected && node.FreeSlots > 0
            && node.Depth + 1 <= Tree.Options.MaxDepth && Underlay.IsLinkAllowed(parent, child);
    }

    /// <summary>The eligible parent with the lowest true RTT, by brute force over all distributing hosts.</summary>
    public (SimPeer Peer, double Rtt)? TrueNearestEligible(SimPeer child)
    {
        ArgumentNullException.ThrowIfNull(child);
        SimPeer? best = null;
        double bestRtt = double.PositiveInfinity;
        foreach (SimPeer candidate in _distributing)
        {
            if (!ReferenceEquals(candidate, child) && CouldFeed(candidate, child))
            {
                double rtt = Underlay.Rtt(child, candidate);
                if (rtt < bestRtt)
                {
                    bestRtt = rtt;
                    best = candidate;
                }
            }
        }

        return best is null ? null : (best, bestRtt);
    }

    /// <summary>Every live member heartbeats: RTT to its parent and to the peers the tracker asked it to probe last time.</summary>
    public void HeartbeatAll()
    {
        TreePeer[] members = [.. Tree.Members];
        foreach (TreePeer node in members)
        {
            if (!_byId.TryGetValue(node.Id, out SimPeer? peer) || !peer.Alive || node.State == PeerState.Removed)
            {
                continue;
            }

            var samples = new List<RttSample>(peer.PendingProbes.Count);
            foreach (TreePeer target in peer.PendingProbes)
            {
                if (target.State != PeerState.Removed && _byId.TryGetValue(target.Id, out SimPeer? other) && other.Alive)
                {
                    samples.Add(new RttSample(target.Id, Measure(peer, other)));
                }
            }

            double? parentRtt = node.Parent is { } parent && Of(parent).Alive ? Measure(peer, Of(parent)) : null;
            TopologyResult<HeartbeatReply> reply = Tree.Heartbeat(node.Id, new HeartbeatReport(parentRtt, samples, null));
            peer.PendingProbes = reply.Value?.ProbeSuggestions ?? [];
            peer.KnownBackups = reply.Value?.Backups ?? [];
        }
    }

    /// <summary>The tracker's maintenance: expiry, then a batch of improvement.</summary>
    public void Tick()
    {
        Tree.ExpireSilentPeers();
        if (ImproveOnTick)
        {
            // One full improvement pass per ImprovementPassMs, whatever the population.
            int batch = (int)Math.Ceiling(Tree.Members.Count * Settings.TickMs / Settings.ImprovementPassMs);
            Tree.Improve(Math.Max(batch, Settings.MinImprovementBatch));
        }
    }

    /// <summary>Time to set up media from <paramref name="child"/> to <paramref name="parent"/>, ms.</summary>
    public double ConnectMs(SimPeer child, SimPeer parent) => (Settings.ConnectRtts * Underlay.Rtt(child, parent)) + Settings.ConnectOverheadMs;

    private void StartLibrary()
    {
        _cpuStart = ThreadCpuClock.NowSeconds();
        _libraryTime.Start();
    }

    private void StopLibrary()
    {
        _libraryTime.Stop();
        _libraryCpuSeconds += ThreadCpuClock.NowSeconds() - _cpuStart;
    }

    private double ProbeAll(SimPeer peer, IReadOnlyList<ParentCandidate> candidates, List<RttSample> probes)
    {
        // Probes run in parallel: the round takes as long as the slowest answer.
        double slowest = 0;
        foreach (ParentCandidate c in candidates)
        {
            if (probes.Exists(p => p.PeerId == c.PeerId) || !_byId.TryGetValue(c.PeerId, out SimPeer? target))
            {
                continue;
            }

            double rtt = Measure(peer, target);
            probes.Add(new RttSample(c.PeerId, rtt));
            slowest = Math.Max(slowest, rtt);
        }

        return slowest;
    }
}
