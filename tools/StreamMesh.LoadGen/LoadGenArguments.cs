using System.Globalization;
using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.LoadGen;

/// <summary>The command line of <c>streammesh-loadgen</c>, parsed and checked.</summary>
internal sealed record LoadGenArguments
{
    public const string Usage = """
        streammesh-loadgen: many headless WebRTC viewers (full ICE + DTLS + SRTP, no decoding) in one process

          --whep URL            WHEP endpoint to pull from, e.g. http://127.0.0.1:8080/whep/demo
          --tracker URL         join the relay tree through this tracker (join, probe, confirm, ticket;
                                viewers reattach when their parent fails) ...
          --stream NAME         ... for this stream
          --site NAME[=ADDR]    (tracker mode, repeatable) sites assigned to viewers round robin; ADDR is
                                the local address their sockets bind to (e.g. 127.0.1.50 for emulation)
          --peer-prefix P       (tracker mode) viewer peer ids are P-INDEX (default loadgen-PID)
          --viewers N           number of viewers (default 10)
          --ramp PER_SECOND     viewers started per second (default 20)
          --duration T          hold time once all viewers settled: 30, 30s, 2m (default 30s)
          --json FILE           write the full report (every viewer) as JSON
          --watch-pid PID       also sample CPU and RSS of this process (e.g. the origin) from /proc
          --connect-timeout T   per viewer, WHEP POST to keyed transport (default 20s)
          --verify-every K      SRTP-authenticate and decrypt every K-th RTP packet per viewer (default 1:
                                all); every RTCP, RTX and first packet is verified, and sequence, loss and
                                glass-to-glass latency are read from every packet's clear header
          --async-receive       one asynchronous receive loop per viewer socket (the old way) instead of
                                one shared epoll poller thread with recvmmsg and UDP GRO (default on Linux)
          --poller-threads N    threads of the shared receive poller (default 1)
          --quiet               no live line, only the final table
        """;

    public Uri? Whep { get; init; }

    public Uri? Tracker { get; init; }

    public string? Stream { get; init; }

    public IReadOnlyList<ViewerSite> Sites { get; init; } = [];

    public string? PeerPrefix { get; init; }

    public int Viewers { get; init; } = 10;

    public double RampPerSecond { get; init; } = 20;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public string? JsonPath { get; init; }

    public int? WatchPid { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public int VerifyEvery { get; init; } = 1;

    public bool Quiet { get; init; }

    public bool AsyncReceive { get; init; }

    public int PollerThreads { get; init; } = 1;

    public bool Help { get; init; }

    /// <summary>Parses <paramref name="args"/>; false with a message for the user on any mistake.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadGenArguments parsed, out string error)
    {
        parsed = new LoadGenArguments();
        error = string.Empty;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                parsed = parsed with { Help = true };
                continue;
            }

            if (name == "--quiet")
            {
                parsed = parsed with { Quiet = true };
                continue;
            }

            if (name == "--async-receive")
            {
                parsed = parsed with { AsyncReceive = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }

            string value = args[++i];
            LoadGenArguments? next = name switch
            {
                "--whep" => TryAbsoluteUri(value) is { } whep ? parsed with { Whep = whep } : null,
                "--tracker" => TryAbsoluteUri(value) is { } tracker ? parsed with { Tracker = tracker } : null,
                "--stream" => parsed with { Stream = value },
                "--site" => ViewerSite.TryParse(value, out var site) ? parsed with { Sites = [.. parsed.Sites, site!] } : null,
                "--peer-prefix" => value.Length > 0 ? parsed with { PeerPrefix = value } : null,
                "--viewers" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? parsed with { Viewers = n } : null,
                "--ramp" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r > 0 ? parsed with { RampPerSecond = r } : null,
                "--duration" => TryParseDuration(value, out var d) ? parsed with { Duration = d } : null,
                "--connect-timeout" => TryParseDuration(value, out var t) && t > TimeSpan.Zero ? parsed with { ConnectTimeout = t } : null,
                "--verify-every" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k > 0 ? parsed with { VerifyEvery = k } : null,
                "--poller-threads" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int threads) && threads is > 0 and <= 64 ? parsed with { PollerThreads = threads } : null,
                "--json" => parsed with { JsonPath = value },
                "--watch-pid" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? parsed with { WatchPid = pid } : null,
                _ => null,
            };
            if (next is null)
            {
                error = name.StartsWith("--", StringComparison.Ordinal) && Usage.Contains(name + " ", StringComparison.Ordinal)
                    ? $"{name}: invalid value '{value}'"
                    : $"unknown option '{name}'";
                return false;
            }

            parsed = next;
        }

        if (parsed.Help)
        {
            return true;
        }

        if (parsed.Whep is null && parsed.Tracker is null)
        {
            error = "--whep URL or --tracker URL --stream NAME is required";
            return false;
        }

        if (parsed.Whep is not null && parsed.Tracker is not null)
        {
            error = "use --whep or --tracker, not both";
            return false;
        }

        if (parsed.Tracker is not null && string.IsNullOrEmpty(parsed.Stream))
        {
            error = "--tracker needs --stream NAME";
            return false;
        }

        return true;
    }

    /// <summary>Seconds as a plain number, or with an s / m / ms suffix.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    private static Uri? TryAbsoluteUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
