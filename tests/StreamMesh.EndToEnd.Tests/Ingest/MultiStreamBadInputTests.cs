using System.Text.Json;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// One origin configured (config file, <c>Origin:Streams</c>) with a good stream and four broken ones: an
/// unreachable URL, a file without video, a file whose video codec ffmpeg cannot decode, and a corrupt file.
/// Each broken stream reports a clear error naming its source in /metrics/ingest and shows the slate; the good
/// stream keeps playing in Chromium.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MultiStreamBadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Origin_FourBrokenSourcesAndOneGood_EachErrorNamesItsSourceAndTheGoodStreamPlays()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var folder = Directory.CreateTempSubdirectory("streammesh-bad-").FullName;
        var audioOnly = Path.Combine(folder, "audio-only.m4a");
        var unknownCodec = Path.Combine(folder, "unknown-codec.avi");
        var corrupt = Path.Combine(folder, "corrupt.mp4");
        await RunAsync(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:a", "aac", audioOnly], cts.Token);

        // A fourcc no decoder knows ("ZZZZ"); -strict -2 lets the AVI muxer write it.
        await RunAsync(["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "1", "-c:v", "mpeg4", "-tag:v", "ZZZZ", "-strict", "-2", unknownCodec], cts.Token);
        await File.WriteAllBytesAsync(corrupt, [.. "\0\0\0\x18ftypisom"u8.ToArray(), .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))], cts.Token);
        var unreachable = $"rtmp://127.0.0.1:{NodeProcess.FreeTcpPort()}/live/nobody";

        var small = new Dictionary<string, object> { ["Width"] = 320, ["Height"] = 180, ["VideoBitrateKbps"] = 300, ["Fps"] = 15 };
        object Stream(string name, string source) => new Dictionary<string, object>(small) { ["Stream"] = name, ["Source"] = source };
        var config = new Dictionary<string, object>
        {
            ["Origin"] = new Dictionary<string, object>
            {
                ["Streams"] = new[]
                {
                    Stream("good", "testsrc"),
                    Stream("unreachable", unreachable),
                    Stream("novideo", audioOnly),
                    Stream("badcodec", unknownCodec),
                    Stream("corrupt", corrupt),
                },
            },
        };
        var configFile = Path.Combine(folder, "origin.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config), cts.Token);

        await using var origin = await NodeProcess.StartAsync("origin", ["--config", configFile], cts.Token);
        foreach (var stream in (string[])["unreachable", "novideo", "badcodec", "corrupt"])
        {
            Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, stream, "slate", TimeSpan.FromSeconds(20), cts.Token), $"{stream} not on slate:\n{await IngestProbe.MetricsAsync(origin.HttpBase)}\n{origin.Log}");
        }

        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, "good", "live", TimeSpan.FromSeconds(20), cts.Token), origin.Log);
        var stats = await IngestProbe.PlayAsync(origin.HttpBase, "good");
        var metrics = await IngestProbe.MetricsAsync(origin.HttpBase);
        output.WriteLine(metrics);
        output.WriteLine($"good: {stats}");

        Assert.True(stats.FramesDecoded >= 30 && stats.AudioSamplesReceived > 0, $"good stream did not play: {stats}\n{origin.Log}");
        Assert.Equal(0, IngestProbe.Sample(metrics, "streammesh_ingest_source_failures_total{stream=\"good\"}"));
        AssertError(metrics, "unreachable", unreachable, "Connection refused");
        AssertError(metrics, "novideo", audioOnly, "no video stream");
        AssertError(metrics, "badcodec", unknownCodec, "cannot decode");
        AssertError(metrics, "corrupt", corrupt, "cannot open");
        Assert.False(origin.HasExited);
        Directory.Delete(folder, recursive: true);
    }

    private static void AssertError(string metrics, string stream, string source, string reason)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith($"streammesh_ingest_source_info{{stream=\"{stream}\"", StringComparison.Ordinal));
        Assert.Contains($"last_error=\"Media source '{source}'", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        await using var ffmpeg = ExternalFfmpeg.Start(["-y", .. arguments]);
        await ffmpeg.WaitForExitAsync(cancellationToken);
    }
}
