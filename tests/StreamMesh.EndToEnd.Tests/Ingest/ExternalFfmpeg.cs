using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// A Debian ffmpeg process playing the part of a broadcaster's encoder or server (RTMP/SRT listener, pusher,
/// HLS writer). Killed on disposal; its stderr is kept for failure messages.
/// </summary>
public sealed class ExternalFfmpeg : IAsyncDisposable
{
    /// <summary>A 640x360@30 test pattern with a 440 Hz tone, paced to real time, as ffmpeg input arguments.</summary>
    public static readonly string[] TestInputs =
        ["-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];

    /// <summary>Browser-decodable H.264 (baseline, no B-frames, 1 s GOP) and AAC, cheap to encode.</summary>
    public static readonly string[] LiveEncoding =
        ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p", "-b:v", "800k", "-c:a", "aac", "-b:a", "96k"];

    private readonly ChildProcess _process;

    private ExternalFfmpeg(ChildProcess process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public string Log => _process.Output.Text;

    public static ExternalFfmpeg Start(IEnumerable<string> arguments) =>
        new(ChildProcess.Start(
            "ffmpeg",
            "/usr/bin/ffmpeg",
            ["-hide_banner", "-nostats", "-loglevel", "warning", .. arguments],
            new ProcessOutput(100_000, OutputOverflow.KeepFirst),
            redirectStandardInput: true));

    /// <summary>Test pattern encoded live and sent to <paramref name="output"/> with the given muxer and extra output options.</summary>
    public static ExternalFfmpeg Publish(string format, string output, params string[] outputOptions)
        => Start([.. TestInputs, .. LiveEncoding, .. outputOptions, "-f", format, output]);

    /// <summary>Waits until ffmpeg has exited (a finite job: writing a file, probing); returns its exit code.</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
