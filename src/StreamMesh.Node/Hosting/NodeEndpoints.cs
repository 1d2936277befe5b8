using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamMesh.Mesh.Hosting.Emulation;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Node.Hosting;

/// <summary>The HTTP surface every node has: WHEP, the player page and its script, health.</summary>
internal static class NodeEndpoints
{
    public static WebApplication MapStreamMeshNode(this WebApplication app)
    {
        // Bind the WebRTC socket at start-up, not at the first viewer, so a port conflict shows at once.
        _ = app.Services.GetRequiredService<WebRtcEndpoint>();
        app.UseEmulatedProbeLatency();
        app.MapWhep();

        app.MapGet("/healthz", (StreamRegistry streams) =>
            streams.IsServing ? Results.Text("ok\n") : Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable));

        app.MapStreamMeshPlayer(selfIsTracker: false);

        app.MapGet("/metrics", (WebRtcEndpoint endpoint, WhepSessionRegistry sessions, StreamRegistry streams, TreeMembership tree, HttpContext http) =>
            Results.Text(
                NodeMetrics.Render(endpoint, sessions, streams, tree, http.RequestServices.GetService<Mesh.Security.LimitCounters>(), http.RequestServices.GetService<Mesh.Tracker.TrackerService>()),
                "text/plain; version=0.0.4; charset=utf-8"));

        return app;
    }
}
