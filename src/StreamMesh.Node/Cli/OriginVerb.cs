using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Origin;
using StreamMesh.Node.Hosting;

namespace StreamMesh.Node.Cli;

/// <summary><c>streammesh origin</c>: pulls a source through ffmpeg and serves it to viewers over WHEP.</summary>
internal sealed class OriginVerb : ICommandVerb
{
    public string Name => "origin";

    public string Summary => "pull a source through ffmpeg and serve it over WebRTC (WHEP)";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--source", "Origin:Source", "testsrc, a file, rtmp://…[?listen=1], srt://…[?mode=listener], rtsp://…, http(s):// (HLS, MP4, TS), whip", "testsrc"),
        new("--stream", "Origin:Stream", "stream name viewers ask for", "demo"),
        new("--http", "Node:Http", "HOST:PORT for WHEP, the player and metrics", "127.0.0.1:8080"),
        new("--udp-port", "Node:UdpPort", "UDP port for all WebRTC media (0 = any free port)", "0"),
        new("--stun", "Node:StunServer", "STUN server IP:PORT for a server-reflexive candidate behind NAT"),
        new("--embed-tracker", "Origin:EmbedTracker", "true: run the tracker inside this origin (its API on the same --http) and register with it"),
        new("--tracker", "Tree:Tracker", "tracker URL: register as a root of the stream's tree (children then need tickets)"),
        new("--max-children", "Tree:MaxChildren", "children this origin feeds at most", "10"),
        new("--site", "Tree:Site", "site name for the tracker's site policy"),
        new("--emulate-rtt", "Node:EmulatedRttFile", "test aid: site-pair RTT table to emulate (see docs/chaos.md)"),
        new("--peer-id", "Tree:PeerId", "this node's id in the tree (default from --http)"),
        new("--origin-token", "Tree:OriginToken", "secret the tracker requires to register a stream"),
        new("--video", "Origin:Video", "video codec sent to viewers: h264 or vp8", "h264"),
        new("--bitrate", "Origin:VideoBitrateKbps", "video bitrate in kbit/s", "2500"),
        new("--width", "Origin:Width", "video width", "1280"),
        new("--height", "Origin:Height", "video height", "720"),
        new("--fps", "Origin:Fps", "video frame rate", "30"),
        new("--passthrough", "Origin:Passthrough", "auto, never or always: copy browser-decodable H.264 instead of re-encoding", "auto"),
        new("--rtsp-transport", "Origin:RtspTransport", "tcp or udp for rtsp:// sources", "tcp"),
        new("--audio-complexity", "Origin:AudioComplexity", "Opus encoder complexity 0..10 (lower saves CPU)", "10"),
        new("--loop", "Origin:Loop", "loop a file source: true or false", "true"),
        new("--audio-fec", "Origin:AudioFec", "true: Opus in-band FEC (moves music to hybrid mode, about twice the audio CPU)", "false"),
        new("--publish-token", "Origin:PublishToken", "with --source whip: bearer token a WHIP publisher must send"),
    ];

    public async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var builder = NodeHostFactory.CreateBuilder(context);
        var app = BuildHost(builder);
        return await NodeHostFactory.RunAsync(app, context, node =>
        {
            var origin = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OriginOptions>>().Value;
            foreach (var stream in origin.EffectiveStreams)
            {
                context.Out.WriteLine($"StreamMesh origin serving '{stream.Stream}' from {stream.Source}");
                context.Out.WriteLine($"  player: http://{node.Http}/watch/{stream.Stream}");
                context.Out.WriteLine($"  WHEP:   http://{node.Http}/whep/{stream.Stream}");
                if (stream.IsWhip)
                {
                    context.Out.WriteLine($"  WHIP:   http://{node.Http}/whip/{stream.Stream} (publish here)");
                }
            }

            context.Out.WriteLine($"  ingest metrics: http://{node.Http}/metrics/ingest");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An origin's services and endpoints, with the tracker embedded when Origin:EmbedTracker says so (also the demo's origin).</summary>
    internal static WebApplication BuildHost(WebApplicationBuilder builder)
    {
        NodeHostFactory.ValidateSection<OriginOptions>(builder.Configuration, OriginOptions.Section);
        // The tracker can live in the origin's own process: one node for a small event, and the same API.
        var embedTracker = builder.Configuration.GetValue<bool>("Origin:EmbedTracker");
        if (embedTracker)
        {
            var http = builder.Configuration["Node:Http"] ?? new NodeOptions().Http;
            builder.Configuration["Tree:Tracker"] ??= $"http://{http}";
            try
            {
                builder.Services.AddStreamMeshTracker(TrackerOptions.FromConfiguration(builder.Configuration.GetSection("Tracker")));
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or FormatException)
            {
                throw new StartupException($"tracker settings: {ex.Message}", ex);
            }
        }

        builder.Services.AddStreamMeshOrigin(builder.Configuration);
        var app = builder.Build();
        if (embedTracker)
        {
            app.MapStreamMeshTracker();
        }
        app.MapStreamMeshNode();
        app.MapOriginIngest();
        return app;
    }
}
