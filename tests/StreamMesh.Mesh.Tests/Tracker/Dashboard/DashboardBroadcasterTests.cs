using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Dashboard;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Mesh.Tests.Tracker.Dashboard;

public sealed class DashboardBroadcasterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketIssuer _issuer = TicketIssuer.CreateEphemeral();
    private readonly TrackerService _tracker;

    public DashboardBroadcasterTests()
    {
        _tracker = new TrackerService(TrackerOptions.Default, _issuer, _time);
        Assert.Equal(201, _tracker.RegisterOrigin("live", new OriginRegistrationDto { PeerId = "origin", Capacity = 2, Url = "http://origin" }, null, null).StatusCode);
    }

    [Fact]
    public void Subscribe_NewClient_GetsCurrentSnapshotAtOnce()
    {
        var broadcaster = new DashboardBroadcaster(_tracker, _time);

        using DashboardSubscription subscription = broadcaster.Subscribe()!;

        Assert.True(subscription.Snapshots.TryRead(out string? json));
        using JsonDocument snapshot = JsonDocument.Parse(json!);
        JsonElement stream = snapshot.RootElement.GetProperty("streams")[0];
        Assert.Equal("live", stream.GetProperty("stream").GetString());
        Assert.Equal("origin", stream.GetProperty("nodes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Publish_SlowClient_KeepsOnlyTheNewestSnapshotsUpToItsBuffer()
    {
        var broadcaster = new DashboardBroadcaster(_tracker, _time);
        using DashboardSubscription subscription = broadcaster.Subscribe()!;

        for (int i = 0; i < 10; i++)
        {
            broadcaster.Publish();
        }

        var sequences = new List<long>();
        while (subscription.Snapshots.TryRead(out string? json))
        {
            using JsonDocument document = JsonDocument.Parse(json);
            sequences.Add(document.RootElement.GetProperty("sequence").GetInt64());
        }

        Assert.Equal(DashboardBroadcaster.ClientBuffer, sequences.Count);
        Assert.Equal(11, sequences[^1]);
    }

    [Fact]
    public void Subscribe_BeyondMaxClients_RefusedUntilOneDisconnects()
    {
        var broadcaster = new DashboardBroadcaster(_tracker, _time, maxClients: 2);
        DashboardSubscription first = broadcaster.Subscribe()!;
        using DashboardSubscription second = broadcaster.Subscribe()!;

        Assert.Null(broadcaster.Subscribe());
        first.Dispose();
        using DashboardSubscription? third = broadcaster.Subscribe();

        Assert.NotNull(third);
        Assert.Equal(2, broadcaster.ClientCount);
    }

    [Fact]
    public async Task ExecuteAsync_TimeAdvancesOneInterval_PushesASnapshot()
    {
        using var broadcaster = new DashboardBroadcaster(_tracker, _time);
        using DashboardSubscription subscription = broadcaster.Subscribe()!;
        Assert.True(subscription.Snapshots.TryRead(out _));
        await broadcaster.StartAsync(TestTimeout.Token);

        await broadcaster.Running.WaitAsync(TimeSpan.FromSeconds(30), TestTimeout.Token);
        Assert.False(subscription.Snapshots.TryRead(out _));
        _time.Advance(DashboardBroadcaster.Interval);

        string json = await ReadAsync(subscription);
        Assert.Contains("\"sequence\":2", json, StringComparison.Ordinal);
        await broadcaster.StopAsync(TestTimeout.Token);
    }

    [Fact]
    public async Task ExecuteAsync_TreeChanges_PushesWithoutWaitingForTheInterval()
    {
        using var broadcaster = new DashboardBroadcaster(_tracker, _time);
        using DashboardSubscription subscription = broadcaster.Subscribe()!;
        Assert.True(subscription.Snapshots.TryRead(out _));
        await broadcaster.StartAsync(TestTimeout.Token);

        TrackerResult<JoinResponseDto> joined = _tracker.Join("live", new JoinRequestDto { PeerId = "v", Role = TrackerPeerRole.Viewer }, null);
        _tracker.Confirm("live", new ConfirmRequestDto { PeerId = "v", Session = joined.Value!.Session, Parents = ["origin"] });

        string json = await ReadAsync(subscription);
        Assert.Contains("\"id\":\"v\"", json, StringComparison.Ordinal);
        Assert.Contains("\"joinsPerMinute\":1", json, StringComparison.Ordinal);
        await broadcaster.StopAsync(TestTimeout.Token);
    }

    public void Dispose()
    {
        _tracker.Dispose();
        _issuer.Dispose();
    }

    private static async Task<string> ReadAsync(DashboardSubscription subscription)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await subscription.Snapshots.ReadAsync(timeout.Token);
    }
}
