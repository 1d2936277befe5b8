using System.Net;
using System.Net.Sockets;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;
using StreamMesh.Mesh.Whep;
using StreamMesh.Node.Hosting;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Node.Cli;

/// <summary>
/// The relay half of <c>streammesh view --relay</c>: an in-process relay node for one stream (the
/// relay code of Tree/, <see cref="RelayStreamRunner"/>) that joins the tracker, pulls from the
/// nearest parent with room and serves WHEP to up to N children, the local viewer among them.
/// Parent changes are handled by the runner, make before break, with continuous RTP for every child.
/// </summary>
internal sealed class ViewRelayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private ViewRelayHost(WebApplication app, RelayStreamRunner runner, string peerId, string publicUrl)
    {
        _app = app;
        Runner = runner;
        PeerId = peerId;
        PublicUrl = publicUrl;
        _run = RunAsync(app.Services.GetRequiredService<TreeMembership>(), runner, _stop.Token);
    }

    public RelayStreamRunner Runner { get; }

    public string PeerId { get; }

    public string PublicUrl { get; }

    /// <param name="maxChildren">Children besides the local viewer.</param>
    public static async Task<ViewRelayHost> StartAsync(VerbContext context, string tracker, string stream, string viewerPeerId, int maxChildren, CancellationToken cancellationToken)
    {
        if (!context.Arguments.Any(a => a == "--http" || a.StartsWith("--http=", StringComparison.Ordinal) || a.StartsWith("--Node:Http", StringComparison.OrdinalIgnoreCase)))
        {
            context = context with { Arguments = [.. context.Arguments, "--http", $"127.0.0.1:{FreeTcpPort()}"] };
        }

        var builder = NodeHostFactory.CreateBuilder(context);
        builder.Configuration["Tree:Tracker"] = tracker;
        if (builder.Configuration["View:Site"] is { Length: > 0 } site)
        {
            builder.Configuration["Tree:Site"] = site;
        }

        builder.Configuration["Tree:PeerId"] ??= $"{viewerPeerId}-relay";
        // One slot is the local viewer's.
        builder.Configuration["Tree:MaxChildren"] = (maxChildren + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // the progress line is the operator's view
        NodeHostFactory.ValidateSection<TreeOptions>(builder.Configuration, TreeOptions.Section);
        builder.Services.AddStreamMeshNode(builder.Configuration);
        var app = builder.Build();
        app.MapStreamMeshNode();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException)
        {
            throw new StartupException($"the relay cannot listen: {ex.Message}", ex);
        }

        var tree = app.Services.GetRequiredService<TreeMembership>();
        var runner = new RelayStreamRunner(
            stream,
            tree,
            app.Services.GetRequiredService<WebRtcEndpoint>(),
            app.Services.GetRequiredService<StreamRegistry>(),
            app.Services.GetRequiredService<WhepSessionRegistry>(),
            app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<ILoggerFactory>());
        return new ViewRelayHost(app, runner, tree.PeerId, tree.PublicUrl);
    }

    /// <summary>Waits until the relay receives the stream from a parent (it is then a candidate for the local viewer).</summary>
    public async Task<bool> WaitAttachedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var registry = _app.Services.GetRequiredService<StreamRegistry>();
        var time = _app.Services.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100), time);
        while (time.GetElapsedTime(started) < timeout && await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Runner.ParentId is not null && registry.TryGet(Runner.Stream, out var live) && live.HasKeyframe)
            {
                return true;
            }

            if (_run.IsFaulted)
            {
                return false;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped on purpose
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(TreeMembership tree, RelayStreamRunner runner, CancellationToken cancellationToken)
    {
        // The ticket key first: children (the local viewer too) present tickets from the tracker.
        while (!tree.HasTicketKey)
        {
            try
            {
                await tree.EnsureTicketKeyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerRequestException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
