using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>What ffprobe says about a recorded file: its streams and its duration.</summary>
internal sealed record MediaProbe(IReadOnlyList<(string Type, string Codec)> Streams, IReadOnlyDictionary<string, double> StreamSeconds, double DurationSeconds)
{
    public static async Task<MediaProbe> RunAsync(string path, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-show_entries", "stream=codec_type,codec_name,duration:format=duration", "-of", "json", path })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start ffprobe");
        var json = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffprobe could not read {path}: {errors}");
        }

        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => (s.GetProperty("codec_type").GetString()!, s.GetProperty("codec_name").GetString()!))
            .ToList();
        var streamSeconds = new Dictionary<string, double>();
        foreach (var s in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            if (s.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                streamSeconds[s.GetProperty("codec_type").GetString()!] = seconds;
            }
        }

        var duration = double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return new MediaProbe(streams, streamSeconds, duration);
    }
}
