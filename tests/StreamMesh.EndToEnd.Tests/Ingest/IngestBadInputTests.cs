using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// Bad input the file-based bad-input test cannot reach: an unprobed live source (an SRT contribution) that carries
/// no video, and WHIP publishers sending offers the stream cannot take. Each gets a clear error naming the source
/// or stream, and the origin keeps serving its other stream.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class IngestBadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SrtListener_CallerSendsNoVideo_ErrorSaysNoVideoAndNamesTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = NodeProcess.FreeUdpPort();
        var source = $"srt://127.0.0.1:{port}?mode=listener";
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", source, "--stream", "novideo", "--width", "320", "--height", "180"], cts.Token);

        // An encoder calls in with audio only; ffmpeg gives up on the missing video stream after its analysis.
        string? error = null;
        for (var attempt = 0; attempt < 5 && error is null; attempt++)
        {
            await using var caller = ExternalFfmpeg.Start(["-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-c:a", "aac", "-f", "mpegts", $"srt://127.0.0.1:{port}"]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(12);
            while (DateTime.UtcNow < deadline && error is null)
            {
                error = LastError(await IngestProbe.MetricsAsync(origin.HttpBase), "novideo");
                await Task.Delay(200, cts.Token);
            }
        }

        output.WriteLine(error);
        Assert.NotNull(error);
        Assert.StartsWith($"Media source '{source}'", error, StringComparison.Ordinal);
        Assert.Contains("no video stream", error, StringComparison.Ordinal);
        Assert.False(origin.HasExited);
    }

    [Fact]
    public async Task WhipPublish_OffersTheStreamCannotTake_RefusedWithReasonAndOtherStreamKeepsServing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var folder = Directory.CreateTempSubdirectory("streammesh-whip-bad-").FullName;
        var config = new
        {
            Origin = new
            {
                Streams = new object[]
                {
                    new { Stream = "good", Source = "testsrc", Width = 320, Height = 180, VideoBitrateKbps = 300, Fps = 15 },
                    new { Stream = "stage", Source = "whip", Width = 320, Height = 180, VideoBitrateKbps = 300, Fps = 15 },
                },
            },
        };
        var configFile = Path.Combine(folder, "origin.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config), cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--config", configFile], cts.Token);
        using var http = new HttpClient { BaseAddress = new Uri(origin.HttpBase), Timeout = TimeSpan.FromSeconds(10) };

        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        var audioOnly = await OfferAsync(endpoint, new PeerMediaPlan { Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly), Tracks = [Track(SdpMediaKind.Audio, 1)] });
        var vp8Only = await OfferAsync(endpoint, new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly),
            Video = new LocalMediaSettings { Codecs = [RtpCodec.Vp8()], Direction = SdpDirection.SendOnly },
            Tracks = [Track(SdpMediaKind.Audio, 1), Track(SdpMediaKind.Video, 2)],
        });

        var (status, body) = await PostAsync(http, "/whip/good", audioOnly, "application/sdp");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'good'", body, StringComparison.Ordinal);

        (status, body) = await PostAsync(http, "/whip/stage", "v=0\r\nthis is not SDP\r\n", "application/sdp");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("malformed SDP", body, StringComparison.Ordinal);

        (status, body) = await PostAsync(http, "/whip/stage", audioOnly, "application/sdp");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("stream 'stage' needs H264 video", body, StringComparison.Ordinal);

        (status, body) = await PostAsync(http, "/whip/stage", vp8Only, "application/sdp");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        output.WriteLine(body);

        (status, _) = await PostAsync(http, "/whip/stage", vp8Only, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);

        // Nothing was let in, and the other stream is untouched.
        var metrics = await IngestProbe.MetricsAsync(origin.HttpBase);
        Assert.Equal(0, IngestProbe.Sample(metrics, "streammesh_ingest_whip_publishers_total{stream=\"stage\"}"));
        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, "good", "live", TimeSpan.FromSeconds(20), cts.Token), metrics);
        Assert.True(await IngestProbe.IsInStateAsync(origin.HttpBase, "stage", "slate"), metrics);
        var stats = await IngestProbe.PlayAsync(origin.HttpBase, "good");
        Assert.True(stats.FramesDecoded >= 30, $"the other stream did not play: {stats}\n{origin.Log}");
        Directory.Delete(folder, recursive: true);
    }

    private static LocalTrack Track(SdpMediaKind kind, uint ssrc)
        => new() { Kind = kind, Ssrc = ssrc, StreamId = "publisher", TrackId = $"publisher-{kind}", Cname = "publisher" };

    private static async Task<string> OfferAsync(WebRtcEndpoint endpoint, PeerMediaPlan plan)
    {
        await using var connection = new RtcPeerConnection(endpoint);
        return await connection.CreateOfferAsync(plan);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path, string sdp, string contentType)
    {
        using var content = new StringContent(sdp, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? LastError(string metrics, string stream)
    {
        var prefix = $"streammesh_ingest_source_info{{stream=\"{stream}\",";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var start = line?.IndexOf("last_error=\"", StringComparison.Ordinal) ?? -1;
        if (line is null || start < 0)
        {
            return null;
        }

        var value = line[(start + "last_error=\"".Length)..line.LastIndexOf('"')];
        return value.Length == 0 ? null : value.Replace("\\\"", "\"", StringComparison.Ordinal);
    }
}
