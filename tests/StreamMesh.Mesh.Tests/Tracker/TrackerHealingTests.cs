using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Healing;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tests.Tracker;

/// <summary>
/// Fast healing at the tracker: origin (one slot) → upper relay → lower relay, the upper one dies, the lower one
/// reports it. The answer must carry the freed origin slot when the tracker can confirm the death, and a lone
/// report must never evict a parent that is alive.
/// </summary>
public sealed class TrackerHealingTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketIssuer _issuer = TicketIssuer.CreateEphemeral();
    private readonly FakeLivenessCheck _check = new();

    [Fact]
    public async Task ReportUnreachableAsync_ParentProcessGone_RemovesItAndAnswersWithFreedSlotAndTicket()
    {
        using TrackerService tracker = Create(withCheck: true);
        (string lowerSession, _) = BuildChain(tracker, upperAnswers: PeerLiveness.Dead);

        TrackerResult<ParentAssignmentDto> answer = await tracker.ReportUnreachableAsync("live", Report(lowerSession), TestTimeout.Token);

        Assert.True(answer.IsSuccess, answer.Problem?.Detail);
        Assert.Equal("origin", answer.Value!.Parent?.PeerId);
        Assert.True(answer.Value.ParentChanged);
        Assert.NotNull(answer.Value.Ticket);
        TreeDto tree = tracker.GetTree("live").Value!;
        Assert.DoesNotContain(tree.Nodes, n => n.Id == "upper");
        Assert.Equal(["http://upper"], _check.Asked);
    }

    [Fact]
    public async Task ReportUnreachableAsync_SilentParentAnswersHealthCheck_ReporterStaysAndNobodyIsSuspected()
    {
        using TrackerService tracker = Create(withCheck: true);
        (string lowerSession, _) = BuildChain(tracker, upperAnswers: PeerLiveness.Alive);

        TrackerResult<ParentAssignmentDto> answer = await tracker.ReportUnreachableAsync("live", Report(lowerSession), TestTimeout.Token);

        Assert.True(answer.IsSuccess, answer.Problem?.Detail);
        Assert.Equal("upper", answer.Value!.Parent?.PeerId);
        Assert.False(answer.Value.ParentChanged);
        TrackerResult<JoinResponseDto> joiner = tracker.Join("live", new JoinRequestDto { PeerId = "late", Role = TrackerPeerRole.Viewer }, null);
        Assert.Contains(joiner.Value!.Candidates, c => c.PeerId == "upper" || c.PeerId == "lower");
    }

    [Fact]
    public async Task ReportUnreachableAsync_InsistingReporterOfLiveParent_MovedButParentNotEvicted()
    {
        using TrackerService tracker = Create(withCheck: true);
        (string lowerSession, string upperSession) = BuildChain(tracker, upperAnswers: PeerLiveness.Alive);

        TrackerResult<ParentAssignmentDto> answer = await tracker.ReportUnreachableAsync("live", Report(lowerSession) with { Insist = true }, TestTimeout.Token);

        Assert.True(answer.IsSuccess, answer.Problem?.Detail);
        Assert.Null(answer.Value!.Parent);
        for (int i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(0.5));
            Assert.True(tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "upper", Session = upperSession }).IsSuccess);
        }

        tracker.RunMaintenance();
        Assert.Contains(tracker.GetTree("live").Value!.Nodes, n => n.Id == "upper" && n.State == "attached");
    }

    [Fact]
    public async Task ReportUnreachableAsync_NoCheckAndParentSilent_RemovedWhenGraceRunsOut()
    {
        using TrackerService tracker = Create(withCheck: false);
        (string lowerSession, _) = BuildChain(tracker);

        TrackerResult<ParentAssignmentDto> first = await tracker.ReportUnreachableAsync("live", Report(lowerSession), TestTimeout.Token);
        Assert.Null(first.Value!.Parent);

        // Grace is 1.5 × the 0.5 s interval after upper's last heartbeat (at setup): the suspect timer fires by itself.
        _time.Advance(TimeSpan.FromSeconds(0.8));

        Assert.DoesNotContain(tracker.GetTree("live").Value!.Nodes, n => n.Id == "upper");
        TrackerResult<ParentAssignmentDto> next = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "lower", Session = lowerSession });
        Assert.Equal("origin", next.Value!.Parent?.PeerId);
        Assert.NotNull(next.Value.Ticket);
    }

    [Fact]
    public async Task ReportUnreachableAsync_CheckInconclusive_WaitsForGraceInsteadOfEvicting()
    {
        using TrackerService tracker = Create(withCheck: true);
        (string lowerSession, _) = BuildChain(tracker, upperAnswers: PeerLiveness.Unknown);

        TrackerResult<ParentAssignmentDto> answer = await tracker.ReportUnreachableAsync("live", Report(lowerSession), TestTimeout.Token);

        Assert.Null(answer.Value!.Parent);
        Assert.Contains(tracker.GetTree("live").Value!.Nodes, n => n.Id == "upper");
        Assert.Equal(2, _check.Asked.Count);
    }

    [Fact]
    public void Heartbeat_WithHostAndQualityStats_ShownInTree()
    {
        using TrackerService tracker = Create(withCheck: false);
        (string lowerSession, _) = BuildChain(tracker);
        var stats = new PeerStatsDto { ReceiveKbps = 2500, SendKbps = 5000, LossFraction = 0.01, JitterMs = 3, Children = 2, CpuPercent = 12.5, MemoryMb = 80, GlassToGlassMs = 120, RebufferingRatio = 0.02, FramesDecoded = 900 };

        Assert.True(tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "lower", Session = lowerSession, Stats = stats }).IsSuccess);

        TreeNodeDto lower = tracker.GetTree("live").Value!.Nodes.Single(n => n.Id == "lower");
        Assert.Equal(stats, lower.Stats);
    }

    [Fact]
    public void Heartbeat_NegativeCpuOrRebufferingAboveOne_Refused422()
    {
        using TrackerService tracker = Create(withCheck: false);
        (string lowerSession, _) = BuildChain(tracker);

        TrackerResult<ParentAssignmentDto> cpu = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "lower", Session = lowerSession, Stats = new PeerStatsDto { CpuPercent = -1 } });
        TrackerResult<ParentAssignmentDto> rebuffer = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "lower", Session = lowerSession, Stats = new PeerStatsDto { RebufferingRatio = 1.5 } });

        Assert.Equal(422, cpu.StatusCode);
        Assert.Equal(422, rebuffer.StatusCode);
    }

    [Fact]
    public void Confirm_PeerWithBackup_GetsStandbyTicketOnceUntilTheFirstBackupChanges()
    {
        using TrackerService tracker = Create(withCheck: false);
        RegisterOrigin(tracker, capacity: 2);
        Attach(tracker, "r1", "origin");
        Attach(tracker, "r2", "origin");
        TrackerResult<JoinResponseDto> joined = tracker.Join("live", new JoinRequestDto { PeerId = "r3", Role = TrackerPeerRole.Relay, Capacity = 1, Url = "http://r3" }, null);

        ParentAssignmentDto confirmed = tracker.Confirm("live", new ConfirmRequestDto { PeerId = "r3", Session = joined.Value!.Session, Parents = ["r1"] }).Value!;
        ParentAssignmentDto next = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "r3", Session = joined.Value.Session }).Value!;

        Assert.Equal("r2", confirmed.Backups[0].PeerId);
        Assert.NotNull(confirmed.StandbyTicket);
        Assert.NotEqual(confirmed.Ticket, confirmed.StandbyTicket);
        Assert.Null(next.StandbyTicket);
        Assert.Null(next.Ticket);
    }

    [Fact]
    public void Heartbeat_FirstBackupTakenByANewcomer_NewStandbyTicketForTheNextBackup()
    {
        using TrackerService tracker = Create(withCheck: false);
        RegisterOrigin(tracker, capacity: 2);
        Attach(tracker, "r1", "origin");
        string r2 = Attach(tracker, "r2", "r1");
        Attach(tracker, "r3", "origin");

        ParentAssignmentDto next = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "r2", Session = r2 }).Value!;

        Assert.Equal("r3", next.Backups[0].PeerId);
        Assert.NotNull(next.StandbyTicket);
    }

    [Fact]
    public void Heartbeat_PeerHoldsNoStandbyToItsFirstBackup_GetsAFreshTicketAtMostOncePerSecond()
    {
        using TrackerService tracker = Create(withCheck: false);
        Assert.Equal(201, tracker.RegisterOrigin("live", new OriginRegistrationDto { PeerId = "origin", Capacity = 2, Url = "http://origin" }, null, null).StatusCode);
        Attach(tracker, "r1", "origin");
        Attach(tracker, "r2", "origin");
        TrackerResult<JoinResponseDto> joined = tracker.Join("live", new JoinRequestDto { PeerId = "r3", Role = TrackerPeerRole.Relay, Capacity = 1, Url = "http://r3" }, null);
        string session = joined.Value!.Session;
        ParentAssignmentDto confirmed = tracker.Confirm("live", new ConfirmRequestDto { PeerId = "r3", Session = session, Parents = ["r1"] }).Value!;
        Assert.Equal("r2", confirmed.Backups[0].PeerId);
        Assert.NotNull(confirmed.StandbyTicket);
        HeartbeatRequestDto Beat(string? holds) => new() { PeerId = "r3", Session = session, WarmStandby = true, StandbyParent = holds };

        // The standby to r2 failed (the ticket is spent): no new ticket at once, one after a second, then none while it holds one.
        ParentAssignmentDto soon = tracker.Heartbeat("live", Beat(null)).Value!;
        _time.Advance(TimeSpan.FromSeconds(1));
        ParentAssignmentDto retry = tracker.Heartbeat("live", Beat(null)).Value!;
        _time.Advance(TimeSpan.FromSeconds(1));
        ParentAssignmentDto held = tracker.Heartbeat("live", Beat("r2")).Value!;
        ParentAssignmentDto withoutStandby = tracker.Heartbeat("live", new HeartbeatRequestDto { PeerId = "r3", Session = session }).Value!;

        Assert.Null(soon.StandbyTicket);
        Assert.NotNull(retry.StandbyTicket);
        Assert.Equal("r2", retry.Backups[0].PeerId);
        Assert.Null(held.StandbyTicket);
        Assert.Null(withoutStandby.StandbyTicket);
    }

    public void Dispose() => _issuer.Dispose();

    private static UnreachableRequestDto Report(string session) => new() { PeerId = "lower", Session = session, Unreachable = ["upper"] };

    private TrackerService Create(bool withCheck)
    {
        var options = new TrackerOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(0.5),
            Topology = TopologyOptions.Default with { HeartbeatTimeout = TimeSpan.FromSeconds(5), SuspectTimeout = TimeSpan.FromSeconds(0.75) },
        };
        return new TrackerService(options, _issuer, _time) { LivenessCheck = withCheck ? _check : null };
    }

    /// <summary>
    /// origin (1 slot) → upper → lower; returns the sessions of lower and upper. With <paramref name="upperAnswers"/>,
    /// that is what the liveness check says of upper when the tracker asks.
    /// </summary>
    private (string Lower, string Upper) BuildChain(TrackerService tracker, PeerLiveness? upperAnswers = null)
    {
        if (upperAnswers is { } answer)
        {
            _check.Answers["http://upper"] = answer;
        }

        RegisterOrigin(tracker, capacity: 1);
        string upper = Attach(tracker, "upper", "origin");
        string lower = Attach(tracker, "lower", "upper");
        return (lower, upper);
    }

    private static void RegisterOrigin(TrackerService tracker, int capacity) =>
        Assert.Equal(201, tracker.RegisterOrigin("live", new OriginRegistrationDto { PeerId = "origin", Capacity = capacity, Url = "http://origin" }, null, null).StatusCode);

    private static string Attach(TrackerService tracker, string id, string parent)
    {
        TrackerResult<JoinResponseDto> joined = tracker.Join("live", new JoinRequestDto { PeerId = id, Role = TrackerPeerRole.Relay, Capacity = 4, Url = $"http://{id}" }, null);
        Assert.True(joined.IsSuccess, joined.Problem?.Detail);
        TrackerResult<ParentAssignmentDto> confirmed = tracker.Confirm("live", new ConfirmRequestDto { PeerId = id, Session = joined.Value!.Session, Parents = [parent] });
        Assert.Equal(parent, confirmed.Value?.Parent?.PeerId);
        return joined.Value.Session;
    }

    private sealed class FakeLivenessCheck : IPeerLivenessCheck
    {
        public Dictionary<string, PeerLiveness> Answers { get; } = new(StringComparer.Ordinal);

        public List<string> Asked { get; } = [];

        public Task<PeerLiveness> CheckAsync(string url, CancellationToken cancellationToken)
        {
            Asked.Add(url);
            return Task.FromResult(Answers.GetValueOrDefault(url, PeerLiveness.Unknown));
        }
    }
}
