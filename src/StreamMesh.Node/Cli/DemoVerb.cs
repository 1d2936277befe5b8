using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Node.Hosting;

namespace StreamMesh.Node.Cli;

/// <summary>
/// <c>streammesh demo</c>: a whole tree in one process on loopback — an origin with the moving test
/// pattern and the tracker embedded (the player and the dashboard on one address), and N relays that
/// join through the tracker. Prints the URLs and a live status line; Ctrl+C stops every node cleanly.
/// </summary>
internal sealed class DemoVerb : ICommandVerb
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    public string Name => "demo";

    public string Summary => "tracker + origin (test pattern) + relays in one process on loopback, with the player and dashboard URLs";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--http", "Node:Http", "HOST:PORT of the origin, which also serves the tracker, player and dashboard", "127.0.0.1:8080"),
        new("--stream", "Demo:Stream", "stream name", "demo"),
        new("--source", "Demo:Source", "what the origin pulls (see 'streammesh origin --help')", "testsrc"),
        new("--relays", "Demo:Relays", "relays to start (0-16), each on the next free port", "3"),
        new("--origin-children", "Demo:OriginChildren", "children the origin feeds at most (the rest hang under relays)", "2"),
        new("--relay-children", "Demo:RelayChildren", "children each relay feeds at most", "4"),
        new("--duration", "Demo:Duration", "stop by itself after this long (30s, 2m); until Ctrl+C when absent"),
    ];

    public async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var settings = new ConfigurationBuilder()
            .AddEnvironmentVariables("STREAMMESH_")
            .AddCommandLine(context.Arguments, context.SwitchMappings.ToDictionary())
            .Build();
        int relays, originChildren, relayChildren;
        TimeSpan? duration;
        try
        {
            relays = ParseInt(settings["Demo:Relays"] ?? "3", "--relays", 0, 16);
            originChildren = ParseInt(settings["Demo:OriginChildren"] ?? "2", "--origin-children", 1, 10_000);
            relayChildren = ParseInt(settings["Demo:RelayChildren"] ?? "4", "--relay-children", 1, 10_000);
            duration = settings["Demo:Duration"] is { } d ? ViewVerb.ParseDuration(d) : null;
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine($"streammesh demo: {ex.Message}");
            return 2;
        }

        var stream = settings["Demo:Stream"] ?? "demo";
        var http = settings["Node:Http"] ?? "127.0.0.1:8080";
        var baseUrl = $"http://{http}";

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // stop the nodes in order instead of dying
            stop.Cancel();
        }

        var nodes = new List<WebApplication>();
        try
        {
            var origin = await StartOriginAsync(context, http, stream, settings["Demo:Source"] ?? "testsrc", originChildren, stop.Token).ConfigureAwait(false);
            nodes.Add(origin);
            var relayUrls = new List<string>();
            for (var i = 1; i <= relays; i++)
            {
                var relayHttp = $"{HostOf(http)}:{FreePortAfter(PortOf(http) + i)}";
                nodes.Add(await StartRelayAsync(context, relayHttp, baseUrl, $"relay-{i}", relayChildren, stop.Token).ConfigureAwait(false));
                relayUrls.Add($"http://{relayHttp}");
            }

            PrintUrls(context.Out, baseUrl, stream, relayUrls);
            await ShowStatusAsync(context.Out, origin.Services.GetRequiredService<TrackerService>(), stream, relays, duration, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C
        }
        finally
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Stopping the demo…");
            // Relays first, then the origin and its tracker: children leave before their parents.
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await nodes[i].StopAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // a node that does not stop in time is torn down with the process
                }

                await nodes[i].DisposeAsync().ConfigureAwait(false);
            }
        }

        context.Out.WriteLine("Demo stopped.");
        return 0;
    }

    private static async Task<WebApplication> StartOriginAsync(VerbContext context, string http, string stream, string source, int maxChildren, CancellationToken cancellationToken)
    {
        var builder = NodeHostFactory.CreateBuilder(NodeContext(context, http, new Dictionary<string, string>
        {
            ["Origin:Source"] = source,
            ["Origin:Stream"] = stream,
            ["Origin:EmbedTracker"] = "true",
            ["Tree:Tracker"] = $"http://{http}",
            ["Tree:PeerId"] = "origin",
            ["Tree:MaxChildren"] = maxChildren.ToString(CultureInfo.InvariantCulture),
        }));
        var app = OriginVerb.BuildHost(builder);
        await StartAsync(app, "origin", http, cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static async Task<WebApplication> StartRelayAsync(VerbContext context, string http, string tracker, string peerId, int maxChildren, CancellationToken cancellationToken)
    {
        var builder = NodeHostFactory.CreateBuilder(NodeContext(context, http, new Dictionary<string, string>
        {
            ["Tree:Tracker"] = tracker,
            ["Tree:PeerId"] = peerId,
            ["Tree:MaxChildren"] = maxChildren.ToString(CultureInfo.InvariantCulture),
        }));
        builder.Services.AddStreamMeshRelay(builder.Configuration);
        var app = builder.Build();
        app.MapStreamMeshNode();
        await StartAsync(app, peerId, http, cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>A node's own arguments: its address and settings, errors only in the log (the status line is the demo's output; nodes briefly retry each other at start).</summary>
    private static VerbContext NodeContext(VerbContext context, string http, Dictionary<string, string> settings)
    {
        // The host's own start-up failure is reported as one line by the demo, not logged with its stack.
        var args = new List<string> { $"--Node:Http={http}", "--Logging:LogLevel:Default=Error", "--Logging:LogLevel:Microsoft.Extensions.Hosting=None" };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        return context with { Arguments = [.. args], SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal) };
    }

    private static async Task StartAsync(WebApplication app, string role, string http, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new StartupException($"the {role} cannot listen on {http}: {ex.Message} (choose another address with --http HOST:PORT)", ex);
        }
    }

    private static void PrintUrls(TextWriter w, string baseUrl, string stream, List<string> relays)
    {
        w.WriteLine($"StreamMesh demo: origin + tracker at {baseUrl}, {relays.Count} relays ({string.Join(", ", relays)})");
        w.WriteLine($"  player:    {baseUrl}/watch/{stream}");
        w.WriteLine($"  dashboard: {baseUrl}/dashboard");
        w.WriteLine($"  tree JSON: {baseUrl}/api/streams/{stream}/tree");
        if (relays.Count > 0)
        {
            w.WriteLine($"  (the player on any relay finds its nearest node too: {relays[0]}/watch/{stream})");
        }

        w.WriteLine("Press Ctrl+C to stop.");
    }

    private static async Task ShowStatusAsync(TextWriter w, TrackerService tracker, string stream, int relays, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var inPlace = ReferenceEquals(w, Console.Out) && !Console.IsOutputRedirected;
        var started = TimeProvider.System.GetTimestamp();
        var last = string.Empty;
        using var ticks = new PeriodicTimer(StatusInterval, TimeProvider.System);
        while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var line = $"{elapsed:mm\\:ss} | {Describe(tracker.GetTree(stream), relays)}";
            if (inPlace)
            {
                w.Write("\r" + line.PadRight(Math.Max(line.Length, last.Length)));
            }
            else if (line[5..] != last[Math.Min(5, last.Length)..] || elapsed.Seconds % 10 == 0)
            {
                w.WriteLine(line); // redirected: only changes, and a heartbeat line every 10 s
            }

            last = line;
            if (duration is { } d && elapsed >= d)
            {
                return;
            }
        }
    }

    internal static string Describe(TrackerResult<TreeDto> result, int relays)
    {
        if (!result.IsSuccess)
        {
            return "waiting for the origin to register the stream…";
        }

        var tree = result.Value!;
        var attachedRelays = tree.Nodes.Count(n => n.Role == TrackerPeerRole.Relay && n.State == "attached");
        var viewers = tree.Nodes.Where(n => n.Role is TrackerPeerRole.Viewer or TrackerPeerRole.RelayCapableViewer).ToList();
        var originChildren = tree.Nodes.Where(n => n.Role == TrackerPeerRole.Origin).Sum(n => n.Children.Count);
        var kbps = viewers.Where(v => v.Stats is not null).Sum(v => v.Stats!.ReceiveKbps);
        return string.Create(CultureInfo.InvariantCulture,
            $"relays {attachedRelays}/{relays} attached | viewers {viewers.Count} | depth {tree.MaxDepth} | origin children {originChildren} | viewers receive {kbps:0} kbit/s");
    }

    private static int ParseInt(string text, string flag, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{flag} must be a whole number in {min}..{max} (got '{text}')");

    private static string HostOf(string http) => http[..http.LastIndexOf(':')];

    private static int PortOf(string http) => int.TryParse(http[(http.LastIndexOf(':') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : 8080;

    /// <summary>The wanted port when it is free (8081, 8082… next to the origin's 8080), else any free one.</summary>
    private static int FreePortAfter(int wanted)
    {
        if (wanted is > 0 and < 65536)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, wanted);
                probe.Start();
                return wanted;
            }
            catch (SocketException)
            {
                // taken: fall through to any free port
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }
}
