using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class FfmpegOutputArgumentsTests
{
    private static readonly MediaSourceOptions Defaults = new() { Uri = "testsrc" };

    [Fact]
    public void Video_H264Defaults_ConstrainedBaselineLowLatencyWithRepeatedHeadersAndDelimiters()
    {
        var arguments = FfmpegOutputArguments.Video(Defaults, "0:v:0");

        Assert.Contains("-map 0:v:0 ", arguments, StringComparison.Ordinal);
        Assert.Contains("-c:v libx264 -preset veryfast -tune zerolatency -profile:v baseline -level:v 3.1 -bf 0", arguments, StringComparison.Ordinal);
        Assert.Contains("-g 30 -keyint_min 30", arguments, StringComparison.Ordinal);
        Assert.Contains("-b:v 2500k -maxrate 2500k -bufsize 2500k", arguments, StringComparison.Ordinal);
        Assert.Contains("-x264-params repeat-headers=1:aud=1", arguments, StringComparison.Ordinal);
        Assert.Contains("fps=30", arguments, StringComparison.Ordinal);
        Assert.Equal("h264", FfmpegOutputArguments.VideoFormat(SourceVideoCodec.H264));
    }

    [Fact]
    public void Video_Vp8TwoSecondKeyframesAt25Fps_RealtimeLibvpxWithGop50()
    {
        var options = Defaults with { VideoCodec = SourceVideoCodec.VP8, FrameRate = 25, KeyframeInterval = TimeSpan.FromSeconds(2), VideoBitrateKbps = 1200 };

        var arguments = FfmpegOutputArguments.Video(options, "0:1");

        Assert.Contains("-c:v libvpx -deadline realtime -cpu-used 8 -lag-in-frames 0 -error-resilient 1 -auto-alt-ref 0 -threads 1", arguments, StringComparison.Ordinal);
        Assert.Contains("-g 50 -keyint_min 50", arguments, StringComparison.Ordinal);
        Assert.Contains("-b:v 1200k -minrate 1200k -maxrate 1200k", arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("libx264", arguments, StringComparison.Ordinal);
        Assert.Equal("ivf", FfmpegOutputArguments.VideoFormat(SourceVideoCodec.VP8));
    }

    [Fact]
    public void VideoFilter_AnyInput_ScalesLetterboxesAndForcesConstantRate()
    {
        var filter = FfmpegOutputArguments.VideoFilter(Defaults with { Width = 640, Height = 360, FrameRate = 25 });

        Assert.Equal("scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:-1:-1,setsar=1,fps=25,format=yuv420p", filter);
    }

    [Fact]
    public void Audio_AnyStream_48kHzStereoS16In960SamplePackets()
    {
        var arguments = FfmpegOutputArguments.Audio("1:a:0");

        Assert.StartsWith("-map 1:a:0 ", arguments, StringComparison.Ordinal);
        Assert.Contains("aresample=48000:async=1", arguments, StringComparison.Ordinal);
        Assert.Contains("asetnsamples=n=960", arguments, StringComparison.Ordinal);
        Assert.Contains("-c:a pcm_s16le -ar 48000 -ac 2", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Global_ProgressUrl_MovesStatsOffStderrAndTagsLevels()
    {
        var arguments = FfmpegOutputArguments.Global("unix:/tmp/p.sock");

        Assert.Contains("-nostats", arguments, StringComparison.Ordinal);
        Assert.Contains("-loglevel level+info", arguments, StringComparison.Ordinal);
        Assert.Contains("-progress \"unix:/tmp/p.sock\"", arguments, StringComparison.Ordinal);
    }
}
