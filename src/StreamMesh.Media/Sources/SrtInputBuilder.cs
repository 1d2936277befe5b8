namespace StreamMesh.Media.Sources;

/// <summary>
/// srt:// inputs, passed to ffmpeg's libsrt as written: caller mode by default, listener with
/// <c>?mode=listener</c> (the contribution encoder then calls the origin), plus latency, passphrase and
/// streamid as libsrt query options. The payload is MPEG-TS. Not probed (an SRT listener usually accepts one
/// caller), so passthrough happens only when forced; the source must carry audio.
/// </summary>
public sealed class SrtInputBuilder : IFfmpegInputBuilder
{
    /// <inheritdoc />
    public Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFMpegCore.FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listener = options.Uri.Contains("mode=listener", StringComparison.OrdinalIgnoreCase);

        // A listener waits for its caller without a read timeout; once connected SRT's own peer-idle timeout
        // (5 s) ends a vanished caller. A caller gets the read timeout so a silent listener fails over.
        List<string> inputOptions = listener ? ["-f mpegts"] : ["-f mpegts", LiveInputOptions.ReadTimeoutOption];
        inputOptions.Add(LiveInputOptions.SkipFrameRateProbe);
        var plan = new FfmpegInputPlan([new FfmpegInput(options.Uri, inputOptions)], "0:v:0", "0:a:0");
        return Task.FromResult(ProbedInputPlanner.DecideUnprobed(options, plan));
    }
}
