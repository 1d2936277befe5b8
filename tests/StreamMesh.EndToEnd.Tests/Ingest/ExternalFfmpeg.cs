using System.Diagnostics;
using System.Text;

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

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly object _gate = new();

    private ExternalFfmpeg(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToString();
            }
        }
    }

    public static ExternalFfmpeg Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-nostats", "-loglevel", "warning"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ffmpeg");
        var ffmpeg = new ExternalFfmpeg(process);
        process.ErrorDataReceived += (_, e) => ffmpeg.Append(e.Data);
        process.OutputDataReceived += (_, e) => ffmpeg.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return ffmpeg;
    }

    /// <summary>Test pattern encoded live and sent to <paramref name="output"/> with the given muxer and extra output options.</summary>
    public static ExternalFfmpeg Publish(string format, string output, params string[] outputOptions)
        => Start([.. TestInputs, .. LiveEncoding, .. outputOptions, "-f", format, output]);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_log.Length < 100_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
