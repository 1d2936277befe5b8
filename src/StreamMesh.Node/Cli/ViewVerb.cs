using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Node.Cli;

/// <summary>
/// <c>streammesh view</c>: a headless viewer for pre-event "silent tests". Attaches to a node over WHEP,
/// prints a progress line every second, optionally records and writes a stats JSON. Failures are one
/// line and an exit code (see <see cref="ViewerFailure"/>): 2 bad input, 3 unknown stream, 4 unreachable,
/// 5 refused, 6 connection failed or lost, 7 recording failed.
/// </summary>
internal sealed class ViewVerb : ICommandVerb
{
    public string Name => "view";

    public string Summary => "watch a stream headlessly: progress, recording and stats (silent tests)";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--whep", "View:Whep", "WHEP URL of the node to watch, e.g. http://127.0.0.1:8080/whep/demo"),
        new("--tracker", "View:Tracker", "tracker URL: join the stream's tree like the browser player, attach to the nearest parent with room, reattach when it fails"),
        new("--stream", "View:Stream", "stream name to ask the tracker for (with --tracker)"),
        new("--site", "View:Site", "site name to give the tracker (default: derived from this address)"),
        new("--relay", "View:Relay", "with --tracker: also relay the stream to other viewers (a relay-capable viewer)", "false", IsSwitch: true),
        new("--max-children", "View:MaxChildren", "with --relay: children this viewer feeds at most", "4"),
        new("--http", "Node:Http", "with --relay: HOST:PORT children attach to (default: a free loopback port)"),
        new("--public-url", "Tree:PublicUrl", "with --relay: URL children reach this viewer at (default http://HTTP)"),
        new("--udp-port", "Node:UdpPort", "with --relay: UDP port for the children's media (0 = any free port)", "0"),
        new("--token", "View:Token", "viewer token for a private stream (streammesh token), or a tracker ticket for a node in a tree"),
        new("--duration", "View:Duration", "how long to watch: 30s, 2m, 1h or seconds; until Ctrl+C when absent"),
        new("--record", "View:Record", "record to this file (.mp4; VP8 goes to .webm) without re-encoding video"),
        new("--stats", "View:Stats", "write the run's statistics as JSON to this file"),
        new("--inject-audio-loss", "View:InjectedAudioLoss", "test hook: drop this fraction of received audio packets (seeded)", "0"),
        new("--loss-seed", "View:LossSeed", "seed of --inject-audio-loss", "4588"),
    ];

    public async Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var flags = context.SwitchMappings.ToDictionary();
        var builder = new ConfigurationBuilder();
        if (new ConfigurationBuilder().AddCommandLine(context.Arguments, flags).Build()["ConfigFile"] is { } configFile)
        {
            if (!File.Exists(configFile))
            {
                context.Error.WriteLine($"streammesh view: the settings file '{configFile}' does not exist");
                return 2;
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        var configuration = builder
            .AddEnvironmentVariables("STREAMMESH_")
            .AddCommandLine(context.Arguments, flags)
            .Build();
        var section = configuration.GetSection("View");

        IViewerParentResolver resolver;
        ViewerOptions options;
        ViewRelayHost? relay = null;
        try
        {
            resolver = CreateResolver(section);
            options = new ViewerOptions
            {
                Duration = section["Duration"] is { } d ? ParseDuration(d) : null,
                RecordPath = section["Record"],
                InjectedAudioLoss = ParseDouble(section["InjectedAudioLoss"] ?? "0", "--inject-audio-loss"),
                InjectedLossSeed = (int)ParseDouble(section["LossSeed"] ?? "4588", "--loss-seed"),
            };
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine($"streammesh view: {ex.Message}");
            return 2;
        }
        catch (ViewerException ex)
        {
            context.Error.WriteLine($"streammesh view: {ex.Message}");
            return ex.ExitCode;
        }

        if (resolver is TrackerParentResolver tracked && IsTrue(section["Relay"]))
        {
            var (code, started) = await StartRelayAsync(context, section, tracked, cancellationToken).ConfigureAwait(false);
            if (started is null)
            {
                return code;
            }

            relay = started;
            resolver = new TrackerParentResolver(new Uri(section["Tracker"]!), section["Stream"]!, SharedHttp, TimeProvider.System)
            {
                PeerId = tracked.PeerId,
                Site = tracked.Site,
                PreferredParent = relay.PeerId,
            };
        }

        try
        {
            return await WatchAsync(context, section, resolver, options, relay, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (relay is not null)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static readonly HttpClient SharedHttp = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the in-process relay and waits until it receives the stream; on failure, the exit code and no host.</summary>
    private static async Task<(int Code, ViewRelayHost? Host)> StartRelayAsync(VerbContext context, IConfigurationSection section, TrackerParentResolver tracked, CancellationToken cancellationToken)
    {
        var maxChildren = (int)ParseDouble(section["MaxChildren"] ?? "4", "--max-children");
        if (maxChildren is < 1 or > 10_000)
        {
            context.Error.WriteLine($"streammesh view: --max-children must be 1..10000 (got {maxChildren})");
            return (2, null);
        }

        // Check the tracker and the stream first: a relay that cannot join would only retry in silence.
        try
        {
            var client = new Mesh.Tree.TrackerClient(SharedHttp, new Uri(section["Tracker"]!.TrimEnd('/') + "/"));
            var streams = await client.ListStreamsAsync(cancellationToken).ConfigureAwait(false);
            if (!streams.Any(s => s.Stream == section["Stream"]))
            {
                context.Error.WriteLine($"streammesh view: the tracker at {client.BaseAddress} has no stream '{section["Stream"]}'" +
                    (streams.Count > 0 ? $"; live streams: {string.Join(", ", streams.Select(s => s.Stream))}" : " (no stream is live right now)"));
                return ((int)ViewerFailure.StreamNotFound, null);
            }
        }
        catch (Mesh.Tree.TrackerRequestException ex)
        {
            context.Error.WriteLine($"streammesh view: {ex.Message}");
            return ((int)ViewerFailure.Unreachable, null);
        }

        var host = await ViewRelayHost.StartAsync(context, section["Tracker"]!, section["Stream"]!, tracked.PeerId, maxChildren, cancellationToken).ConfigureAwait(false);
        context.Out.WriteLine($"Relaying '{section["Stream"]}' as {host.PeerId} at {host.PublicUrl} for up to {maxChildren} children");
        if (!await host.WaitAttachedAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
        {
            await host.DisposeAsync().ConfigureAwait(false);
            context.Error.WriteLine("streammesh view: the relay found no parent with room within 30 s (is the tree full?)");
            return ((int)ViewerFailure.Refused, null);
        }

        return (0, host);
    }

    private static async Task<int> WatchAsync(VerbContext context, IConfigurationSection section, IViewerParentResolver resolver, ViewerOptions options, ViewRelayHost? relay, CancellationToken cancellationToken)
    {
        var statsPath = section["Stats"];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // finish the recording and the stats instead of dying
            stop.Cancel();
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        if (section["Token"] is { Length: > 0 } token)
        {
            // Sent with the WHEP offer: a standalone node checks it as a viewer token, a node in a tree as a ticket.
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Trim());
        }

        var viewer = new HeadlessViewer(options, resolver, http, TimeProvider.System, NullLoggerFactory.Instance);
        var progress = new ProgressLine(context.Out, relay);
        ViewerReport report;
        try
        {
            report = await viewer.RunAsync(progress, stop.Token).ConfigureAwait(false);
        }
        catch (ViewerException ex)
        {
            progress.End();
            context.Error.WriteLine($"streammesh view: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            progress.End();
            context.Error.WriteLine("streammesh view: stopped before media arrived");
            return 130;
        }

        progress.End();
        PrintSummary(context.Out, report);
        if (statsPath is not null)
        {
            try
            {
                await File.WriteAllTextAsync(statsPath, JsonSerializer.Serialize(report, ViewerJsonContext.Default.ViewerReport), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"streammesh view: cannot write the stats to '{statsPath}': {ex.Message}");
                return 2;
            }
        }

        if (report.Recording?.Error is { } recordingError)
        {
            context.Error.WriteLine($"streammesh view: recording failed: {recordingError}");
            return (int)ViewerFailure.RecordingFailed;
        }

        if (report.EndReason.StartsWith("connection", StringComparison.Ordinal))
        {
            context.Error.WriteLine($"streammesh view: {report.EndReason}");
            return (int)ViewerFailure.ConnectionFailed;
        }

        return 0;
    }

    /// <summary>Parses "30s", "2m", "1h", "500ms", "90" (seconds) or "00:01:30".</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        (string number, double scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (t[..^2], 0.001),
            _ when t.EndsWith('s') || t.EndsWith('S') => (t[..^1], 1.0),
            _ when t.EndsWith('m') || t.EndsWith('M') => (t[..^1], 60.0),
            _ when t.EndsWith('h') || t.EndsWith('H') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new ArgumentException($"'{text}' is not a duration; use e.g. 30s, 2m or 1h");
    }

    private static IViewerParentResolver CreateResolver(IConfigurationSection section)
    {
        var whep = section["Whep"];
        if (whep is not null && section["Tracker"] is not null)
        {
            throw new ArgumentException("give either --whep (a fixed node) or --tracker (the nearest node), not both");
        }

        if (whep is not null)
        {
            return new WhepUrlParentResolver(whep);
        }

        var tracker = section["Tracker"];
        var stream = section["Stream"];
        if (tracker is null)
        {
            if (IsTrue(section["Relay"]))
            {
                throw new ArgumentException("--relay needs --tracker URL --stream NAME: a relaying viewer takes its place in the tracker's tree");
            }

            throw new ArgumentException(stream is null
                ? "say what to watch: --tracker http://TRACKER:PORT --stream NAME, or --whep http://NODE:PORT/whep/STREAM"
                : "--stream needs --tracker http://TRACKER:PORT to find a node that serves it");
        }

        if (!Uri.TryCreate(tracker, UriKind.Absolute, out var trackerUri) || trackerUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{tracker}' is not a tracker URL; expected http://HOST:PORT");
        }

        if (string.IsNullOrWhiteSpace(stream))
        {
            throw new ArgumentException("--tracker needs --stream NAME: which stream to watch");
        }

        return new TrackerParentResolver(trackerUri, stream, SharedHttp, TimeProvider.System) { Site = section["Site"], Token = section["Token"] };
    }

    private static double ParseDouble(string text, string flag) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{flag} needs a number, not '{text}'");

    private static void PrintSummary(TextWriter w, ViewerReport r)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Watched {r.Parent} for {r.DurationSeconds:0.0} s ({r.EndReason}): {r.AverageBitrateKbps:0} kbit/s"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  video {r.Video.Codec}: {r.Video.Frames} frames ({r.Video.Keyframes} keyframes), {r.Video.NetworkLost} lost on the wire, {r.Video.Retransmissions} repaired, {r.Video.LostAfterRepair} unrepaired, {r.Video.PlisSent} PLI"));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  audio: {r.Audio.Packets} packets, {r.Audio.Gaps} gaps ({r.Audio.MissingPackets} packets missing), {r.Audio.ConcealedFrames + r.Audio.FecRecoveredFrames} concealed, {r.Audio.MalformedPackets} glitches"));
        w.WriteLine(r.Latency.P50Milliseconds is { } p50
            ? string.Create(CultureInfo.InvariantCulture, $"  latency: p50 {p50} ms, p95 {r.Latency.P95Milliseconds} ms")
            : "  latency: unknown (the parent sends no abs-capture-time)");
        if (r.Recording is { Error: null } recording)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  recorded {recording.VideoFrames} frames and {recording.AudioSeconds:0.0} s of audio to {recording.Path}"));
        }
    }

    /// <summary>The live progress line: rewritten in place on a terminal, one line per update when redirected.</summary>
    private sealed class ProgressLine(TextWriter output, ViewRelayHost? relay) : IProgress<ViewerProgress>
    {
        private readonly bool _inPlace = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        private bool _pending;

        public void Report(ViewerProgress value)
        {
            // A relay-capable viewer watches its own relay; the parent that matters is the relay's.
            var text = relay is null ? value.ToString() : $"{value} ← {relay.Runner.ParentId ?? "(reattaching)"}";
            if (_inPlace)
            {
                output.Write("\r" + text);
                _pending = true;
            }
            else
            {
                output.WriteLine(text);
            }
        }

        public void End()
        {
            if (_pending)
            {
                output.WriteLine();
                _pending = false;
            }
        }
    }
}
