using System.Diagnostics;
using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// A local RTSP server (an IP camera stand-in) from Debian's GStreamer: <c>gir1.2-gst-rtsp-server-1.0</c>,
/// <c>python3-gst-1.0</c>, <c>gstreamer1.0-plugins-good</c> and <c>-ugly</c> (x264enc), driven by a short Python
/// script. It serves a moving test pattern as H.264 (constrained baseline, no B-frames, 1 s GOP) and a tone as
/// Opus at <see cref="Url"/>, over RTP/UDP or interleaved TCP, whichever the client asks for.
/// </summary>
public sealed class GstRtspServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys
        import gi
        gi.require_version("Gst", "1.0")
        gi.require_version("GstRtspServer", "1.0")
        from gi.repository import GLib, Gst, GstRtspServer
        port, path, width, height = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        Gst.init(None)
        server = GstRtspServer.RTSPServer()
        server.set_address("127.0.0.1")
        server.set_service(port)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(
            f"( videotestsrc is-live=true pattern=ball ! video/x-raw,width={width},height={height},framerate=30/1 "
            "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=800 bframes=0 "
            "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1 "
            "audiotestsrc is-live=true wave=sine freq=1000 ! audio/x-raw,rate=48000,channels=2 "
            "! opusenc bitrate=64000 ! rtpopuspay name=pay1 pt=97 )")
        factory.set_shared(True)
        server.get_mount_points().add_factory(path, factory)
        if server.attach(None) == 0:
            print("cannot listen", flush=True)
            sys.exit(1)
        print("ready", flush=True)
        GLib.MainLoop().run()
        """;

    private readonly ChildProcess _process;
    private readonly string _scriptPath;

    private GstRtspServer(ChildProcess process, string url, string scriptPath)
    {
        _process = process;
        Url = url;
        _scriptPath = scriptPath;
    }

    public string Url { get; }

    public string Log => _process.Output.Text;

    /// <summary>True when Python and the GStreamer RTSP server bindings are installed.</summary>
    public static bool IsAvailable()
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        probe!.WaitForExit(10_000);
        return probe.HasExited && probe.ExitCode == 0;
    }

    /// <summary>Starts the server on <paramref name="port"/> and waits until it listens.</summary>
    public static async Task<GstRtspServer> StartAsync(int port, int width, int height, CancellationToken cancellationToken)
    {
        var scriptPath = Path.Combine(Path.GetTempPath(), $"streammesh-rtsp-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(scriptPath, Script, cancellationToken).ConfigureAwait(false);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var process = ChildProcess.Start(
            "the GStreamer RTSP server",
            Python,
            [scriptPath, port.ToString(invariant), "/cam", width.ToString(invariant), height.ToString(invariant)],
            new ProcessOutput(100_000, OutputOverflow.KeepFirst));
        var server = new GstRtspServer(process, $"rtsp://127.0.0.1:{port}/cam", scriptPath);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await process.Output.WaitForLineAsync(line => line == "ready", startup.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the GStreamer RTSP server did not start: {server.Log}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        File.Delete(_scriptPath);
    }
}
