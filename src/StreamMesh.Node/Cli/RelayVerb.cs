using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Tree;
using StreamMesh.Node.Hosting;

namespace StreamMesh.Node.Cli;

/// <summary><c>streammesh relay</c>: a headless node that forwards every stream down the tracker's tree.</summary>
internal sealed class RelayVerb : ICommandVerb
{
    public string Name => "relay";

    public string Summary => "forward streams from the nearest parent to children, without re-encoding";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--tracker", "Tree:Tracker", "tracker URL (required)"),
        new("--http", "Node:Http", "HOST:PORT for WHEP, the player and metrics", "127.0.0.1:8080"),
        new("--site", "Tree:Site", "site name for the tracker's site policy"),
        new("--emulate-rtt", "Node:EmulatedRttFile", "test aid: site-pair RTT table to emulate (see docs/chaos.md)"),
        new("--max-children", "Tree:MaxChildren", "children this relay feeds at most", "10"),
        new("--udp-port", "Node:UdpPort", "UDP port for all WebRTC media (0 = any free port)", "0"),
        new("--peer-id", "Tree:PeerId", "this node's id in the tree (default from --http)"),
        new("--public-url", "Tree:PublicUrl", "URL children reach this node at (default http://HTTP)"),
        new("--node-key", "Tree:NodeKey", "key this relay presents to the tracker when it requires node keys"),
    ];

    public async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var builder = NodeHostFactory.CreateBuilder(context);
        var tree = NodeHostFactory.ValidateSection<TreeOptions>(builder.Configuration, TreeOptions.Section);
        if (tree.TrackerUri is null)
        {
            throw new StartupException("a relay needs --tracker URL: it learns its streams and parents from the tracker");
        }

        builder.Services.AddStreamMeshRelay(builder.Configuration);
        var app = builder.Build();
        app.MapStreamMeshNode();
        return await NodeHostFactory.RunAsync(app, context, node =>
        {
            context.Out.WriteLine($"StreamMesh relay {app.Services.GetRequiredService<TreeMembership>().PeerId} following tracker {tree.Tracker}");
            context.Out.WriteLine($"  WHEP: http://{node.Http}/whep/{{stream}}");
        }, cancellationToken).ConfigureAwait(false);
    }
}
