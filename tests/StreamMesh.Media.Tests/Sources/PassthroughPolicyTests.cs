using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class PassthroughPolicyTests
{
    private static readonly ProbedSource Baseline = new(0, "h264", "Constrained Baseline", "yuv420p", HasBFrames: false, FrameRate: 30, AudioIndex: 1);

    [Theory]
    [InlineData("Constrained Baseline")]
    [InlineData("Baseline")]
    [InlineData("Main")]
    [InlineData("High")]
    public void CanPassThrough_BrowserProfileWithoutBFrames_True(string profile)
    {
        Assert.True(PassthroughPolicy.CanPassThrough(Baseline with { VideoProfile = profile }, out var reason));
        Assert.Contains(profile, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanPassThrough_BFrames_FalseSayingWhy()
    {
        Assert.False(PassthroughPolicy.CanPassThrough(Baseline with { VideoProfile = "High", HasBFrames = true }, out var reason));
        Assert.Contains("B-frames", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hevc", "High", "yuv420p", "not H.264")]
    [InlineData("h264", "High 10", "yuv420p10le", "High 10")]
    [InlineData("h264", "High 4:4:4 Predictive", "yuv444p", "not one browsers decode")]
    [InlineData("h264", "High", "yuv422p", "4:2:0")]
    public void CanPassThrough_NotDecodableEverywhere_False(string codec, string profile, string pixelFormat, string expected)
    {
        Assert.False(PassthroughPolicy.CanPassThrough(Baseline with { VideoCodec = codec, VideoProfile = profile, PixelFormat = pixelFormat }, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanPassThrough_NoVideoOrUnknownRate_False()
    {
        Assert.False(PassthroughPolicy.CanPassThrough(Baseline with { VideoIndex = null }, out _));
        Assert.False(PassthroughPolicy.CanPassThrough(Baseline with { FrameRate = null }, out _));
    }

    [Fact]
    public void Parse_FfprobeStreamJson_FirstVideoSkippingCoverArtAndFirstAudio()
    {
        const string json = """
            {"programs":[],"streams":[
              {"index":0,"codec_name":"mjpeg","codec_type":"video","pix_fmt":"yuvj420p","has_b_frames":0,"r_frame_rate":"90000/1","disposition":{"attached_pic":1}},
              {"index":1,"codec_name":"aac","profile":"LC","codec_type":"audio","r_frame_rate":"0/0"},
              {"index":2,"codec_name":"h264","profile":"High","codec_type":"video","pix_fmt":"yuv420p","has_b_frames":2,"r_frame_rate":"30000/1001","disposition":{"attached_pic":0}}
            ]}
            """;

        var probe = SourceProbe.Parse(json);

        Assert.Equal(new ProbedSource(2, "h264", "High", "yuv420p", HasBFrames: true, FrameRate: 30, AudioIndex: 1), probe);
    }

    [Fact]
    public void Parse_AudioChannels_FromTheFirstAudioStream()
    {
        const string json = """
            {"streams":[
              {"index":0,"codec_name":"h264","profile":"High","codec_type":"video","pix_fmt":"yuv420p","has_b_frames":0,"r_frame_rate":"30/1"},
              {"index":1,"codec_name":"aac","codec_type":"audio","channels":1},
              {"index":2,"codec_name":"aac","codec_type":"audio","channels":6}
            ]}
            """;

        Assert.Equal(1, SourceProbe.Parse(json)!.AudioChannels);
        Assert.Null(SourceProbe.Parse(json.Replace("\"channels\":1", "\"channels\":0", StringComparison.Ordinal))!.AudioChannels);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"format\":{}}")]
    public void Parse_NotAStreamList_Null(string json)
    {
        Assert.Null(SourceProbe.Parse(json));
    }

    [Fact]
    public void Decide_AutoWithDecodableH264_PassesThroughAtTheSourceRate()
    {
        var options = new MediaSourceOptions { Uri = "rtsp://camera.example/stream", Passthrough = VideoPassthrough.Auto, FrameRate = 30 };
        var plan = new FfmpegInputPlan([new FfmpegInput("x", [])], "0:0", "0:1");

        var decided = ProbedInputPlanner.Decide(options, plan, Baseline with { FrameRate = 25 });

        Assert.Equal(25, decided.PassthroughFrameRate);
    }

    [Fact]
    public void Decide_AutoWithBFramesOrVp8Output_Transcodes()
    {
        var options = new MediaSourceOptions { Uri = "rtsp://camera.example/stream", Passthrough = VideoPassthrough.Auto };
        var plan = new FfmpegInputPlan([new FfmpegInput("x", [])], "0:0", "0:1");

        Assert.Null(ProbedInputPlanner.Decide(options, plan, Baseline with { HasBFrames = true }).PassthroughFrameRate);
        Assert.Null(ProbedInputPlanner.Decide(options with { VideoCodec = SourceVideoCodec.VP8 }, plan, Baseline).PassthroughFrameRate);
    }

    [Fact]
    public void Plan_NoAudio_AddsSilence_NoVideo_ThrowsNamingTheSource()
    {
        var options = new MediaSourceOptions { Uri = "http://cdn.example/live.m3u8" };
        var input = new FfmpegInput("http://cdn.example/live.m3u8", ["-re"]);

        var plan = ProbedInputPlanner.Plan(options, input, Baseline with { AudioIndex = null });
        var exception = Assert.Throws<MediaSourceException>(() => ProbedInputPlanner.Plan(options, input, Baseline with { VideoIndex = null }));

        Assert.Equal(2, plan.Inputs.Count);
        Assert.StartsWith("anullsrc", plan.Inputs[1].Target, StringComparison.Ordinal);
        Assert.Equal(("0:0", "1:a:0"), (plan.VideoStream, plan.AudioStream));
        Assert.Equal(MediaSourceError.NoVideoStream, exception.Reason);
        Assert.Contains("'http://cdn.example/live.m3u8'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PassthroughVideo_LiveAndLooped_ConvertsToAnnexBWithoutUserFiltersWhenLooped()
    {
        Assert.Equal("-map 0:0 -c:v copy -bsf:v h264_mp4toannexb,h264_metadata=aud=insert -flush_packets 1", FfmpegOutputArguments.PassthroughVideo("0:0", loopedInput: false));
        Assert.Equal("-map 0:0 -c:v copy -flush_packets 1", FfmpegOutputArguments.PassthroughVideo("0:0", loopedInput: true));
    }
}
