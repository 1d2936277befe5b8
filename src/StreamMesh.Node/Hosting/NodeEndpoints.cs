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
    private static readonly string PlayerTemplate = ReadResource("watch.html");
    private static readonly string PlayerScript = ReadResource("whep-player.js");

    public static WebApplication MapStreamMeshNode(this WebApplication app)
    {
        // Bind the WebRTC socket at start-up, not at the first viewer, so a port conflict shows at once.
        _ = app.Services.GetRequiredService<WebRtcEndpoint>();
        app.UseEmulatedProbeLatency();
        app.MapWhep();

        app.MapGet("/healthz", (StreamRegistry streams) =>
            streams.IsServing ? Results.Text("ok\n") : Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable));

        app.MapGet("/watch/{stream}", (string stream, StreamRegistry streams) =>
        {
            if (!streams.TryGet(stream, out _))
            {
                return Results.Text($"No stream named '{stream}' is served here.\n", statusCode: StatusCodes.Status404NotFound);
            }

            var html = PlayerTemplate
                .Replace("{{STREAM}}", HtmlEncoder.Default.Encode(stream), StringComparison.Ordinal)
                .Replace("{{STREAM_JSON}}", JsonSerializer.Serialize(stream, NodeJsonContext.Default.String), StringComparison.Ordinal)
                .Replace("{{WHEP_URL_JSON}}", JsonSerializer.Serialize($"/whep/{Uri.EscapeDataString(stream)}", NodeJsonContext.Default.String), StringComparison.Ordinal);
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapGet("/metrics", (WebRtcEndpoint endpoint, WhepSessionRegistry sessions, StreamRegistry streams, TreeMembership tree) =>
            Results.Text(NodeMetrics.Render(endpoint, sessions, streams, tree), "text/plain; version=0.0.4; charset=utf-8"));

        app.MapGet("/assets/whep-player.js", () => Results.Text(PlayerScript, "text/javascript; charset=utf-8"));
        return app;
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"StreamMesh.Node.Pages.{name}")
            ?? throw new InvalidOperationException($"embedded page {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
