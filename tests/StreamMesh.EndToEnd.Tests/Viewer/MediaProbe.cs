using System.Globalization;
using System.Text.Json;
using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>What ffprobe says about a recorded file: its streams and its duration.</summary>
internal sealed record MediaProbe(IReadOnlyList<(string Type, string Codec)> Streams, IReadOnlyDictionary<string, double> StreamSeconds, double DurationSeconds)
{
    public static async Task<MediaProbe> RunAsync(string path, CancellationToken cancellationToken)
    {
        var run = await ProcessRun.RunAsync(
            "ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,duration:format=duration", "-of", "json", path], cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffprobe could not read {path}: {run.StandardError}");
        }

        using var document = JsonDocument.Parse(run.StandardOutput);
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
