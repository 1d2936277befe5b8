using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class MediaSourceOptionsTests
{
    private static readonly MediaSourceOptions Valid = new() { Uri = "testsrc" };

    [Fact]
    public void Defaults_TestPattern_Are720p30H264At2500WithOneSecondKeyframes()
    {
        Valid.Validate();
        Assert.Equal((1280, 720, 30, 2500), (Valid.Width, Valid.Height, Valid.FrameRate, Valid.VideoBitrateKbps));
        Assert.Equal(SourceVideoCodec.H264, Valid.VideoCodec);
        Assert.Equal(30, Valid.KeyframeIntervalFrames);
        Assert.Equal(MediaSourceKind.TestPattern, Valid.Kind);
        Assert.False(Valid.Loop);
    }

    [Theory]
    [InlineData("testsrc", MediaSourceKind.TestPattern)]
    [InlineData("TESTSRC", MediaSourceKind.TestPattern)]
    [InlineData("/media/show.mp4", MediaSourceKind.File)]
    [InlineData("relative/show.mp4", MediaSourceKind.File)]
    [InlineData("file:///media/show.mp4", MediaSourceKind.File)]
    [InlineData("rtmp://ingest.example/live/key", MediaSourceKind.Rtmp)]
    [InlineData("rtsp://camera.local/stream", MediaSourceKind.Rtsp)]
    [InlineData("srt://relay.example:9000", MediaSourceKind.Srt)]
    [InlineData("https://cdn.example/live.m3u8", MediaSourceKind.Http)]
    public void Kind_Uri_IsClassified(string uri, MediaSourceKind expected)
    {
        var options = Valid with { Uri = uri };
        options.Validate();
        Assert.Equal(expected, options.Kind);
    }

    [Fact]
    public void FilePath_FileUri_IsTheLocalPath()
    {
        var options = Valid with { Uri = "file:///media/my%20show.mp4" };
        Assert.Equal("/media/my show.mp4", options.FilePath);
        Assert.Null(Valid.FilePath);
    }

    [Fact]
    public void FilePath_RelativePath_IsMadeAbsolute()
    {
        var options = Valid with { Uri = "clips/show.mp4" };
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "clips/show.mp4"), options.FilePath);
    }

    [Fact]
    public void KeyframeIntervalFrames_TwoSecondsAt25Fps_Is50()
    {
        var options = Valid with { FrameRate = 25, KeyframeInterval = TimeSpan.FromSeconds(2) };
        Assert.Equal(50, options.KeyframeIntervalFrames);
    }

    public static TheoryData<MediaSourceOptions, string> Invalid => new()
    {
        { Valid with { Uri = " " }, "Uri" },
        { Valid with { Uri = "ftp://host/file.mp4" }, "Uri" },
        { Valid with { Uri = "/media/say \"hi\".mp4" }, "Uri" },
        { Valid with { Uri = "rtmp:///nohost" }, "Uri" },
        { Valid with { Width = 641 }, "Width" },
        { Valid with { Width = 8 }, "Width" },
        { Valid with { Height = 5000 }, "Height" },
        { Valid with { FrameRate = 0 }, "FrameRate" },
        { Valid with { FrameRate = 61 }, "FrameRate" },
        { Valid with { VideoBitrateKbps = 10 }, "VideoBitrateKbps" },
        { Valid with { KeyframeInterval = TimeSpan.Zero }, "KeyframeInterval" },
        { Valid with { KeyframeInterval = TimeSpan.FromSeconds(2.5) }, "KeyframeInterval" },
        { Valid with { VideoCodec = (SourceVideoCodec)7 }, "VideoCodec" },
        { Valid with { FfmpegBinaryFolder = "" }, "FfmpegBinaryFolder" },
        { Valid with { VideoQueueCapacity = 0 }, "VideoQueueCapacity" },
        { Valid with { AudioQueueCapacity = 1001 }, "AudioQueueCapacity" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidSetting_ThrowsArgumentExceptionNamingIt(MediaSourceOptions options, string parameter)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void Validate_KeyframeIntervalOfExactlyTwoSeconds_IsAccepted()
    {
        (Valid with { KeyframeInterval = MediaSourceOptions.MaxKeyframeInterval }).Validate();
    }
}
