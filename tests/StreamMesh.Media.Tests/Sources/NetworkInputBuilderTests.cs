using FFMpegCore;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class NetworkInputBuilderTests
{
    private static readonly FFOptions FfOptions = new() { BinaryFolder = "/usr/bin" };

    [Theory]
    [InlineData("rtmp://0.0.0.0:1935/live/key?listen=1", "rtmp://0.0.0.0:1935/live/key", true)]
    [InlineData("rtmp://0.0.0.0:1935/live/key?token=a&listen=1&b=2", "rtmp://0.0.0.0:1935/live/key?token=a&b=2", true)]
    [InlineData("rtmp://ingest.example/live/key", "rtmp://ingest.example/live/key", false)]
    [InlineData("rtmp://ingest.example/live/key?token=a", "rtmp://ingest.example/live/key?token=a", false)]
    public void Split_ListenInQuery_RemovedAndReported(string uri, string target, bool listen)
    {
        Assert.Equal((target, listen), RtmpInputBuilder.Split(uri));
    }

    [Fact]
    public async Task Rtmp_Listen_WaitsForeverForThePublisherAndIsNotProbed()
    {
        var plan = await new RtmpInputBuilder().BuildAsync(new MediaSourceOptions { Uri = "rtmp://127.0.0.1:1935/live/key?listen=1" }, FfOptions, CancellationToken.None);

        var input = Assert.Single(plan.Inputs);
        Assert.Equal("rtmp://127.0.0.1:1935/live/key", input.Target);
        Assert.Equal(["-listen 1", "-timeout -1", "-rw_timeout 5000000", "-fpsprobesize 0", "-analyzeduration 500000"], input.Options);
        Assert.Equal(("0:v:0", "0:a:0"), (plan.VideoStream, plan.AudioStream));
        Assert.Null(plan.PassthroughFrameRate);
    }

    [Fact]
    public async Task Rtmp_PassthroughAlways_CopiesAtTheConfiguredRate()
    {
        var options = new MediaSourceOptions { Uri = "rtmp://ingest.example/live/key", Passthrough = VideoPassthrough.Always, FrameRate = 25 };

        var plan = await new RtmpInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        Assert.Equal(25, plan.PassthroughFrameRate);
        Assert.Equal(["-rw_timeout 5000000", "-fpsprobesize 0", "-analyzeduration 500000"], Assert.Single(plan.Inputs).Options);
    }

    [Theory]
    [InlineData("srt://127.0.0.1:9000", new[] { "-f mpegts", "-rw_timeout 5000000", "-fpsprobesize 0" })]
    [InlineData("srt://0.0.0.0:9000?mode=listener&latency=200000", new[] { "-f mpegts", "-fpsprobesize 0" })]
    public async Task Srt_CallerOrListener_UriPassedAsWrittenWithTimeoutOnlyForCallers(string uri, string[] expected)
    {
        var plan = await new SrtInputBuilder().BuildAsync(new MediaSourceOptions { Uri = uri }, FfOptions, CancellationToken.None);

        var input = Assert.Single(plan.Inputs);
        Assert.Equal(uri, input.Target);
        Assert.Equal(expected, input.Options);
    }

    [Theory]
    [InlineData("http://cdn.example/live/index.m3u8", true)]
    [InlineData("https://cdn.example/live/index.m3u8?token=abc", true)]
    [InlineData("http://cdn.example/clip.mp4", false)]
    [InlineData("http://cdn.example/live.ts", false)]
    public void IsPlaylist_ByPathExtension(string uri, bool expected)
    {
        Assert.Equal(expected, HttpInputBuilder.IsPlaylist(uri));
    }

    [Fact]
    public async Task Http_Unreachable_ThrowsCannotOpenInputNamingTheSource()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var uri = $"http://127.0.0.1:{port}/live.m3u8";

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => new HttpInputBuilder().BuildAsync(new MediaSourceOptions { Uri = uri }, FfOptions, CancellationToken.None));

        Assert.Equal(MediaSourceError.CannotOpenInput, exception.Reason);
        Assert.Contains($"'{uri}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slate_AnyStream_BlackPictureAndSilencePacedToRealTime()
    {
        var options = new MediaSourceOptions { Uri = SlateInputBuilder.SlateUri, Width = 640, Height = 360, FrameRate = 25, ClockFontFile = null };

        var plan = await new SlateInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        Assert.Equal("color=c=black:size=640x360:rate=25", plan.Inputs[0].Target);
        Assert.StartsWith("anullsrc=", plan.Inputs[1].Target, StringComparison.Ordinal);
        Assert.All(plan.Inputs, input => Assert.Equal(["-re", "-f lavfi"], input.Options));
        Assert.Null(plan.PassthroughFrameRate);
    }
}
