using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Runs ffprobe once on an input and reads what <see cref="ProbedSource"/> holds. ffprobe's JSON is used rather
/// than FFMpegCore's analysis because passthrough needs has_b_frames, which FFMpegCore does not surface.
/// </summary>
public static class SourceProbe
{
    /// <summary>Longest a probe may take before the input counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Probes <paramref name="target"/> with <paramref name="inputOptions"/> before -i. Throws
    /// <see cref="MediaSourceException"/> naming <paramref name="sourceName"/> when ffprobe cannot open it.
    /// </summary>
    public static async Task<ProbedSource> ProbeAsync(string sourceName, string target, IReadOnlyList<string> inputOptions, string binaryFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputOptions);
        var ffprobe = Path.Combine(binaryFolder, "ffprobe");
        if (!File.Exists(ffprobe))
        {
            throw new MediaSourceException(sourceName, MediaSourceError.BinaryMissing, $"ffprobe not found at '{ffprobe}'.");
        }

        var start = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-v", "error", "-show_entries", "stream=index,codec_type,codec_name,profile,pix_fmt,has_b_frames,r_frame_rate,channels:stream_disposition=attached_pic", "-of", "json"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var option in inputOptions)
        {
            // Options are "-name value" pairs kept as one string for FFMpegCore; split them for argv.
            foreach (var part in option.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                start.ArgumentList.Add(part);
            }
        }

        start.ArgumentList.Add("-i");
        start.ArgumentList.Add(target);

        using var process = Process.Start(start) ?? throw new MediaSourceException(sourceName, MediaSourceError.BinaryMissing, "ffprobe could not be started.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new MediaSourceException(sourceName, MediaSourceError.CannotOpenInput, $"ffprobe could not read the input within {Timeout.TotalSeconds:0} s (unreachable or not sending).");
        }

        if (process.ExitCode != 0)
        {
            var reason = LastLine(await stderr.ConfigureAwait(false)) ?? $"ffprobe exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}";
            throw new MediaSourceException(sourceName, MediaSourceError.CannotOpenInput, $"ffprobe cannot open the input: {reason}");
        }

        return Parse(await stdout.ConfigureAwait(false))
            ?? throw new MediaSourceException(sourceName, MediaSourceError.CannotOpenInput, "ffprobe printed no stream list.");
    }

    /// <summary>Reads ffprobe's -of json stream list; null when it is not that.</summary>
    public static ProbedSource? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            ProbedSource result = new(null, null, null, null, false, null, null);
            foreach (var stream in streams.EnumerateArray())
            {
                var type = Text(stream, "codec_type");
                var index = stream.TryGetProperty("index", out var i) && i.TryGetInt32(out var value) ? value : -1;
                if (type == "video" && result.VideoIndex is null && !IsAttachedPicture(stream))
                {
                    result = result with
                    {
                        VideoIndex = index,
                        VideoCodec = Text(stream, "codec_name"),
                        VideoProfile = Text(stream, "profile"),
                        PixelFormat = Text(stream, "pix_fmt"),
                        HasBFrames = stream.TryGetProperty("has_b_frames", out var b) && b.TryGetInt32(out var frames) && frames > 0,
                        FrameRate = ParseRate(Text(stream, "r_frame_rate")),
                    };
                }
                else if (type == "audio" && result.AudioIndex is null)
                {
                    result = result with
                    {
                        AudioIndex = index,
                        AudioChannels = stream.TryGetProperty("channels", out var c) && c.TryGetInt32(out var channels) && channels > 0 ? channels : null,
                    };
                }
            }

            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? ParseRate(string? rate)
    {
        if (rate is null)
        {
            return null;
        }

        var slash = rate.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !double.TryParse(rate.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            || !double.TryParse(rate.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            || denominator <= 0)
        {
            return null;
        }

        var fps = (int)Math.Round(numerator / denominator);
        return fps > 0 ? fps : null;
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsAttachedPicture(JsonElement stream)
        => stream.TryGetProperty("disposition", out var disposition)
           && disposition.TryGetProperty("attached_pic", out var attached)
           && attached.TryGetInt32(out var flag) && flag != 0;

    private static string? LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : lines[^1];
    }
}
