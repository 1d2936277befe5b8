using FFMpegCore;
using FFMpegCore.Pipes;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Assembles the source's single ffmpeg run with FFMpegCore: global options on the first input, the plan's
/// inputs, and two outputs into FFMpegCore pipe sinks (video, then audio) through <c>OutputToMany</c>.
/// </summary>
internal static class FfmpegSourceCommand
{
    /// <summary>
    /// Builds the processor. Cancelling <paramref name="shutdown"/> makes FFMpegCore send "q" and kill ffmpeg
    /// at once (grace period zero): a live source has no file to finalise.
    /// </summary>
    public static FFMpegArgumentProcessor Create(
        MediaSourceOptions options,
        FfmpegInputPlan plan,
        string progressUrl,
        Func<Stream, CancellationToken, Task> readVideo,
        Func<Stream, CancellationToken, Task> readAudio,
        Action<string> onStandardError,
        CancellationToken shutdown)
    {
        if (plan.Inputs.Count == 0)
        {
            throw new InvalidOperationException($"The input builder returned no inputs for '{options.Uri}'.");
        }

        FFMpegArguments? arguments = null;
        for (var i = 0; i < plan.Inputs.Count; i++)
        {
            var input = plan.Inputs[i];
            var global = i == 0 ? FfmpegOutputArguments.Global(progressUrl) : null;
            void Configure(FFMpegInputOptions inputOptions)
            {
                if (global is not null)
                {
                    inputOptions.WithCustomArgument(global);
                }

                foreach (var option in input.Options)
                {
                    inputOptions.WithCustomArgument(option);
                }
            }

            arguments = arguments is null
                ? FFMpegArguments.FromFileInput(input.Target, verifyExists: false, Configure)
                : arguments.AddFileInput(input.Target, verifyExists: false, Configure);
        }

        return arguments!
            .OutputToMany(outputs => outputs
                .OutputToPipe(new StreamPipeSink(readVideo), output => output
                    .WithCustomArgument(plan.PassthroughFrameRate is null
                        ? FfmpegOutputArguments.Video(options, plan.VideoStream)
                        : FfmpegOutputArguments.PassthroughVideo(plan.VideoStream, IsLooped(plan)))
                    .ForceFormat(FfmpegOutputArguments.VideoFormat(options.VideoCodec)))
                .OutputToPipe(new StreamPipeSink(readAudio), output => output
                    .WithCustomArgument(FfmpegOutputArguments.Audio(plan.AudioStream))
                    .ForceFormat(FfmpegOutputArguments.AudioFormat)))
            .NotifyOnStandardError(onStandardError)
            .CancellableThrough(shutdown, TimeSpan.Zero);
    }

    private static bool IsLooped(FfmpegInputPlan plan)
    {
        foreach (var input in plan.Inputs)
        {
            foreach (var option in input.Options)
            {
                if (option.StartsWith("-stream_loop", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
