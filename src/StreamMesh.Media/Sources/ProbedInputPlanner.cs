using System.Globalization;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Turns one probed input into a plan: its first video stream (or a clear error when it has none), its first
/// audio stream or generated silence, and the passthrough decision for <see cref="MediaSourceOptions.Passthrough"/>.
/// </summary>
public static class ProbedInputPlanner
{
    /// <summary>Builds the plan; throws <see cref="MediaSourceException"/> (<see cref="MediaSourceError.NoVideoStream"/>) when there is no video.</summary>
    public static FfmpegInputPlan Plan(MediaSourceOptions options, FfmpegInput input, ProbedSource probe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.VideoIndex is not { } videoIndex)
        {
            throw new MediaSourceException(options.Uri, MediaSourceError.NoVideoStream, "the input has no video stream.");
        }

        if (string.IsNullOrEmpty(probe.VideoCodec) || probe.VideoCodec == "none")
        {
            throw new MediaSourceException(options.Uri, MediaSourceError.UnsupportedCodec, "the input's video is in a codec ffmpeg cannot decode.");
        }

        List<FfmpegInput> inputs = [input];
        string audioStream;
        if (probe.AudioIndex is { } audioIndex)
        {
            audioStream = string.Create(CultureInfo.InvariantCulture, $"0:{audioIndex}");
        }
        else
        {
            // The audio output must exist; a live input without audio gets endless silence.
            inputs.Add(new FfmpegInput(
                string.Create(CultureInfo.InvariantCulture, $"anullsrc=channel_layout=stereo:sample_rate={MediaSourceOptions.AudioSampleRate}"),
                ["-re", "-f lavfi"]));
            audioStream = "1:a:0";
        }

        var plan = new FfmpegInputPlan(inputs, string.Create(CultureInfo.InvariantCulture, $"0:{videoIndex}"), audioStream);
        return Decide(options, plan, probe);
    }

    /// <summary>Applies the passthrough mode to a plan of a probed input.</summary>
    public static FfmpegInputPlan Decide(MediaSourceOptions options, FfmpegInputPlan plan, ProbedSource probe)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(probe);
        plan = plan with { AudioChannels = probe.AudioIndex is null ? null : probe.AudioChannels };
        if (options.VideoCodec != SourceVideoCodec.H264 || options.Passthrough == VideoPassthrough.Never)
        {
            return plan with { PassthroughReason = "transcoding as configured" };
        }

        var can = PassthroughPolicy.CanPassThrough(probe, out var reason);
        if (options.Passthrough == VideoPassthrough.Always || can)
        {
            return plan with { PassthroughFrameRate = probe.FrameRate ?? options.FrameRate, PassthroughReason = reason };
        }

        return plan with { PassthroughReason = "transcoding: " + reason };
    }

    /// <summary>Applies the passthrough mode to a plan of an input that is not probed (rtmp, srt): only <see cref="VideoPassthrough.Always"/> copies.</summary>
    public static FfmpegInputPlan DecideUnprobed(MediaSourceOptions options, FfmpegInputPlan plan)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        return options.VideoCodec == SourceVideoCodec.H264 && options.Passthrough == VideoPassthrough.Always
            ? plan with { PassthroughFrameRate = options.FrameRate, PassthroughReason = "passthrough forced by configuration" }
            : plan with { PassthroughReason = "transcoding: input not probed (a probe would take the encoder's only connection)" };
    }
}
