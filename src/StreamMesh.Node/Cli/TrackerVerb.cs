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
        return await NodeHostFactory.RunAsync(app, context, node =>
        {
            context.Out.WriteLine("StreamMesh tracker");
            context.Out.WriteLine($"  API:  http://{node.Http}/api/streams");
            context.Out.WriteLine($"  Dashboard: http://{node.Http}/dashboard");
        }, cancellationToken).ConfigureAwait(false);
    }
}
