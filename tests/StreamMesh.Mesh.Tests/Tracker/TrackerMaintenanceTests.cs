using System.Text.Json;
using static StreamMesh.Mesh.Tests.Tracker.TrackerRequests;

namespace StreamMesh.Mesh.Tests.Tracker;

public class TrackerMaintenanceTests
{
    [Fact]
    public async Task RunMaintenance_PeerMissesDeadline_RemovedAndStreamClosedWhenEmpty()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();
        string originSession = await RegisterOriginAsync(server, "live", "origin-1", 2);
        await AttachAsync(server, "live", TrackerRequests.Viewer("v", 1));

        server.Time.Advance(TimeSpan.FromSeconds(10));
        await server.PostJsonAsync("/api/streams/live/heartbeat", new { peerId = "origin-1", session = originSession });
        server.Time.Advance(TimeSpan.FromSeconds(6));
        server.Service.RunMaintenance();

        JsonElement tree = await server.JsonAsync(await server.Client.GetAsync("/api/streams/live/tree", TestTimeout.Token), 200);
        Assert.Equal(["origin-1"], tree.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));

        server.Time.Advance(TimeSpan.FromSeconds(16));
        server.Service.RunMaintenance();
        await server.JsonAsync(await server.Client.GetAsync("/api/streams/live/tree", TestTimeout.Token), 404);
    }

    [Fact]
    public async Task HostedService_TimeAdvances_RunsMaintenancePass()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Service.MaintenanceCompleted += (_, _) => passed.TrySetResult();
        await server.Maintenance.Running.WaitAsync(TimeSpan.FromSeconds(30), TestTimeout.Token);

        server.Time.Advance(TimeSpan.FromSeconds(1));

        await passed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestTimeout.Token);
    }
}
