using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Inputs for a local file, played at real time (-re), looped with -stream_loop -1 when asked. The file is
/// probed first with ffprobe (through FFMpegCore) so a missing file, an unreadable file and a file without
/// video fail with a clear message before ffmpeg starts. A file without audio gets generated silence so the
/// audio output always exists.
/// </summary>
public sealed class FileInputBuilder : IFfmpegInputBuilder
{
    /// <inheritdoc />
    public async Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ffOptions);
        var path = options.FilePath ?? throw new ArgumentException($"'{options.Uri}' is not a file source.", nameof(options));
        if (!File.Exists(path))
        {
            throw new MediaSourceException(options.Uri, MediaSourceError.FileNotFound, $"file '{path}' does not exist.");
        }

        var ffprobe = Path.Combine(ffOptions.BinaryFolder, "ffprobe");
        if (!File.Exists(ffprobe))
        {
            throw new MediaSourceException(options.Uri, MediaSourceError.BinaryMissing, $"ffprobe not found at '{ffprobe}'.");
        }

        var analysis = await ProbeAsync(options.Uri, path, ffOptions, cancellationToken).ConfigureAwait(false);
        var video = analysis.VideoStreams.FirstOrDefault(stream => !IsAttachedPicture(stream))
            ?? throw new MediaSourceException(options.Uri, MediaSourceError.NoVideoStream, $"file '{path}' has no video stream.");
        if (string.IsNullOrEmpty(video.CodecName) || video.CodecName == "none")
        {
            throw new MediaSourceException(
                options.Uri, MediaSourceError.UnsupportedCodec, $"file '{path}' has video in a codec ffmpeg cannot decode (tag '{video.CodecTagString}').");
        }

        var audio = analysis.AudioStreams.FirstOrDefault();

        List<string> fileOptions = options.Loop ? ["-stream_loop -1", "-re"] : ["-re"];
        List<FfmpegInput> inputs = [new FfmpegInput("file:" + path, fileOptions)];
        string audioStream;
        if (audio is not null)
        {
            audioStream = string.Create(CultureInfo.InvariantCulture, $"0:{audio.Index}");
        }
        else
        {
            List<string> silenceOptions = ["-re", "-f lavfi"];
            if (!options.Loop && analysis.Duration > TimeSpan.Zero)
            {
                // Without an end the silence would keep ffmpeg running after the file's video is over.
                silenceOptions.Add(string.Create(CultureInfo.InvariantCulture, $"-t {analysis.Duration.TotalSeconds:0.###}"));
            }

            inputs.Add(new FfmpegInput(
                string.Create(CultureInfo.InvariantCulture, $"anullsrc=channel_layout=stereo:sample_rate={MediaSourceOptions.AudioSampleRate}"),
                silenceOptions));
            audioStream = "1:a:0";
        }

        var plan = new FfmpegInputPlan(inputs, string.Create(CultureInfo.InvariantCulture, $"0:{video.Index}"), audioStream);
        if (options.Passthrough == VideoPassthrough.Never || options.VideoCodec != SourceVideoCodec.H264)
        {
            return plan;
        }

        // FFMpegCore's analysis lacks has_b_frames, which passthrough depends on.
        var probe = await SourceProbe.ProbeAsync(options.Uri, "file:" + path, [], ffOptions.BinaryFolder, cancellationToken).ConfigureAwait(false);
        return ProbedInputPlanner.Decide(options, plan, probe);
    }

    private static async Task<IMediaAnalysis> ProbeAsync(string uri, string path, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        try
        {
            return await FFProbe.AnalyseAsync(path, ffOptions, customArguments: null, cancellationToken).ConfigureAwait(false);
        }
        catch (FFProbeProcessException exception)
        {
            var reason = exception.StandardError.LastOrDefault(line => !string.IsNullOrWhiteSpace(line)) ?? exception.Message;
            throw new MediaSourceException(uri, MediaSourceError.CannotOpenInput, $"ffprobe cannot open '{path}': {reason.Trim()}", exception);
        }
        catch (FFMpegException exception)
        {
            throw new MediaSourceException(uri, MediaSourceError.CannotOpenInput, $"ffprobe cannot read '{path}': {exception.Message}", exception);
        }
    }

    // Cover art in audio files shows up as a one-frame video stream; it is not video to broadcast.
    private static bool IsAttachedPicture(VideoStream stream)
        => stream.Disposition is not null && stream.Disposition.TryGetValue("attached_pic", out var attached) && attached;
}
