namespace StreamMesh.Media.Sources;

/// <summary>
/// rtmp:// and rtmps:// inputs. Pull mode reads from a server; listen mode (the URI's query contains
/// <c>listen=1</c>, for example <c>rtmp://0.0.0.0:1935/live/key?listen=1</c>) makes ffmpeg itself the server an
/// encoder such as OBS pushes to, waiting for it as long as it takes. Not probed: a probe would use up the only
/// publishing connection, so passthrough happens only when forced. The source must carry audio (every encoder
/// sends it); without audio ffmpeg fails and the error names the source.
/// </summary>
public sealed class RtmpInputBuilder : IFfmpegInputBuilder
{
    /// <inheritdoc />
    public Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFMpegCore.FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (target, listen) = Split(options.Uri);

        // The listen timeout -1 waits for a publisher forever; -rw_timeout still ends a stalled connection.
        List<string> inputOptions = listen ? ["-listen 1", "-timeout -1", LiveInputOptions.ReadTimeoutOption] : [LiveInputOptions.ReadTimeoutOption];
        inputOptions.Add(LiveInputOptions.SkipFrameRateProbe);
        inputOptions.Add(LiveInputOptions.ShortAnalysis);
        var plan = new FfmpegInputPlan([new FfmpegInput(target, inputOptions)], "0:v:0", "0:a:0");
        return Task.FromResult(ProbedInputPlanner.DecideUnprobed(options, plan));
    }

    /// <summary>Removes StreamMesh's <c>listen=1</c> from the query (ffmpeg would take it as part of the stream key).</summary>
    public static (string Target, bool Listen) Split(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var question = uri.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return (uri, false);
        }

        var listen = false;
        var kept = new List<string>();
        foreach (var pair in uri[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(pair, "listen=1", StringComparison.OrdinalIgnoreCase) || string.Equals(pair, "listen", StringComparison.OrdinalIgnoreCase))
            {
                listen = true;
            }
            else
            {
                kept.Add(pair);
            }
        }

        var target = kept.Count == 0 ? uri[..question] : uri[..question] + "?" + string.Join('&', kept);
        return (target, listen);
    }
}
