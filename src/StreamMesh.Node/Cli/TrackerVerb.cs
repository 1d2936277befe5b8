using StreamMesh.Mesh.Tracker;
using StreamMesh.Node.Hosting;

namespace StreamMesh.Node.Cli;

/// <summary><c>streammesh tracker</c>: keeps each stream's proximity-ranked tree behind a JSON API.</summary>
internal sealed class TrackerVerb : ICommandVerb
{
    public string Name => "tracker";

    public string Summary => "keep the proximity-ranked tree of every stream (JSON API, see docs/tracker-api.md)";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--http", "Node:Http", "HOST:PORT of the tracker API", "127.0.0.1:8080"),
        new("--site-map", "Tracker:SiteMap", "CSV mapping subnets to sites and site feed rules (see config/sites.example.csv)"),
        new("--origin-token", "Tracker:OriginToken", "shared secret origins present to register a stream (16+ characters)"),
        new("--signing-key", "Tracker:SigningKeyPath", "file holding the ES256 key that signs parent tickets (created when missing)"),
        new("--viewer-token-key", "Tracker:ViewerTokenKey", "operator secret(s) that sign viewer tokens, comma-separated for rotation (32+ characters)"),
        new("--private-streams", "Tracker:PrivateStreams", "comma-separated streams that need a viewer token ('*' = all)"),
        new("--node-keys", "Tracker:NodeKeys", "comma-separated keys relays must present to join as relays (16+ characters)"),
        new("--admin-token", "Admin:Token", "bearer token for the dashboard and admin API (16+ characters)"),
    ];

    public async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var builder = NodeHostFactory.CreateBuilder(context);
        TrackerOptions options;
        try
        {
            options = TrackerOptions.FromConfiguration(builder.Configuration.GetSection("Tracker"));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new StartupException($"tracker settings: {ex.Message}", ex);
        }

        builder.Services.AddStreamMeshTracker(options);
        var app = builder.Build();
        app.MapStreamMeshTracker();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapStreamMeshPlayer(selfIsTracker: true);
        app.MapGet("/metrics", (Mesh.Security.LimitCounters limits, TrackerService tracker) =>
            Results.Text(new PrometheusText().AppendSecurity(limits, tracker).ToString(), "text/plain; version=0.0.4; charset=utf-8"));
        return await NodeHostFactory.RunAsync(app, context, node =>
        {
            context.Out.WriteLine("StreamMesh tracker");
            context.Out.WriteLine($"  API:  http://{node.Http}/api/streams");
            context.Out.WriteLine($"  player: http://{node.Http}/watch/{{stream}}");
            context.Out.WriteLine($"  Dashboard: http://{node.Http}/dashboard");
        }, cancellationToken).ConfigureAwait(false);
    }
}
