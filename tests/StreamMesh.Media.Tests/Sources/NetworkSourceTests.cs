using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

/// <summary>Real ffmpeg on both ends: Debian's ffmpeg as the RTMP server, the source as its client; passthrough of a real file.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class NetworkSourceTests(MediaFilesFixture files)
{
    [Fact]
    public async Task StartAsync_RtmpPullFromFfmpegListener_DeliversKeyframeFirstVideoAndAudio()
    {
        var port = FreeTcpPort();
        var uri = $"rtmp://127.0.0.1:{port}/live/key";
        using var server = StartFfmpeg(
            "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-re", "-f", "lavfi", "-i", "sine=sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "30", "-c:a", "aac", "-f", "flv", "-listen", "1", uri);
        try
        {
            await WaitListeningAsync(port);
            await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = uri, Width = 320, Height = 240, VideoBitrateKbps = 400 });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

            await source.StartAsync(timeout.Token);
            var frames = await ReadVideoAsync(source, 30, timeout.Token);
            using var audio = await source.AudioFrames.ReadAsync(timeout.Token);

            Assert.True(frames[0].IsKeyframe);
            Assert.Equal(30, frames.Count);
            Assert.False(source.IsPassthrough);
            Assert.Equal(PcmAudioFrame.ByteLength, audio.Data.Length);
            frames.ForEach(f => f.Dispose());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task StartAsync_BrowserDecodableFileWithAutoPassthrough_CopiesWithParameterSetsBeforeTheKeyframe()
    {
        var options = new MediaSourceOptions { Uri = files.TwoSecondMp4, Passthrough = VideoPassthrough.Auto, Loop = false, Width = 640, Height = 480 };
        await using var source = new FfmpegMediaSource(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await source.StartAsync(timeout.Token);
        var frames = await ReadVideoAsync(source, 10, timeout.Token);

        Assert.True(source.IsPassthrough, source.Plan?.PassthroughReason);
        Assert.Contains("-c:v copy", source.Arguments, StringComparison.Ordinal);
        Assert.True(frames[0].IsKeyframe);
        var nalTypes = AnnexB.NalTypes(frames[0].Data.Span);
        Assert.Contains(7, nalTypes);
        Assert.Contains(8, nalTypes);
        Assert.Equal(3000, frames[1].Timestamp - frames[0].Timestamp);
        frames.ForEach(f => f.Dispose());
    }

    private static async Task<List<EncodedVideoFrame>> ReadVideoAsync(FfmpegMediaSource source, int count, CancellationToken cancellationToken)
    {
        var frames = new List<EncodedVideoFrame>();
        while (frames.Count < count)
        {
            frames.Add(await source.VideoFrames.ReadAsync(cancellationToken));
        }

        return frames;
    }

    // A test connection would use up the one connection an ffmpeg RTMP listener accepts; read the kernel's
    // socket table instead (state 0A is LISTEN).
    private static async Task WaitListeningAsync(int port)
    {
        var needle = $":{port:X4} 00000000:0000 0A";
        for (var i = 0; i < 100; i++)
        {
            if ((await File.ReadAllTextAsync("/proc/net/tcp")).Contains(needle, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private static Process StartFfmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-nostats", "-loglevel", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
