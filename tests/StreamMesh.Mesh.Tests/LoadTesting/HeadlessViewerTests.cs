using System.Net;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Mesh.Tests.LoadTesting;

/// <summary>A headless viewer against an in-test WHEP origin: real ICE, DTLS and SRTP on loopback sockets.</summary>
public sealed class HeadlessViewerTests
{
    private static readonly WhepTarget Target = new(new Uri("http://127.0.0.1:9/whep/test"));
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectAsync_OriginSendsWithOneGap_CountsLossNacksItAndMeasuresLatency(bool sharedPoller)
    {
        using var poller = sharedPoller ? new UdpReceivePoller() : null;
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        await using var viewer = new HeadlessViewer(0, new HeadlessViewerOptions { ReceiverReportInterval = TimeSpan.FromMilliseconds(100), ReceivePoller = poller }, DtlsCertificate.Generate(), http);
        using var cts = new CancellationTokenSource(Timeout);

        Assert.True(await viewer.ConnectAsync(Target, cts.Token), viewer.FailureReason);
        await origin.WaitConnectedAsync();
        Assert.Equal(HeadlessViewerState.Connected, viewer.State);
        Assert.NotNull(viewer.ConnectTime);

        var age = TimeSpan.FromMilliseconds(80);
        for (ushort seq = 1000; seq < 1100; seq++)
        {
            if (seq != 1050)
            {
                origin.SendMedia(SdpMediaKind.Video, seq, age);
            }
        }

        for (ushort seq = 2000; seq < 2050; seq++)
        {
            origin.SendMedia(SdpMediaKind.Audio, seq, age);
        }

        await WaitUntil(viewer, () => viewer.Video?.Packets == 99 && viewer.Audio?.Packets == 50 && origin.Nacked.Contains((ushort)1050) && origin.ReceiverReportsWithBlocks > 0);

        var report = viewer.CreateReport();
        var video = report.Streams.Single(s => s.Kind == "video" && !s.IsRetransmission);
        var audio = report.Streams.Single(s => s.Kind == "audio");
        Assert.Equal(1, video.Lost);
        Assert.InRange(video.Expected, 99, 100);
        Assert.Equal(0, audio.Lost);
        Assert.Equal(FakeWhepOrigin.VideoSsrc, video.Ssrc);
        Assert.Equal(99, report.VideoPackets);
        Assert.Equal(50, report.AudioPackets);
        Assert.True(report.NacksSent >= 1);
        Assert.Equal(0, report.MalformedPackets);

        // Every packet was stamped 80 ms before it was sent: latency is at least that, within bucket resolution.
        Assert.Equal(99, viewer.VideoLatency.Count);
        Assert.Equal(50, viewer.AudioLatency.Count);
        Assert.InRange(report.VideoLatency.P50Ms, 80 * 0.97, 10_000);
        Assert.InRange(report.AudioLatency.P50Ms, 80 * 0.97, 10_000);
        if (poller is { IsActive: true })
        {
            // Everything above (ICE, DTLS, the media) came in through the poller's thread.
            Assert.Equal(1, poller.Statistics.Sockets);
            Assert.True(poller.Statistics.Datagrams >= 149, $"{poller.Statistics.Datagrams} datagrams through the poller");
        }
    }

    [Fact]
    public async Task VerifyEvery5_LossLatencyAndRtxRepairStillExactFromClearHeaders()
    {
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        await using var viewer = new HeadlessViewer(2, new HeadlessViewerOptions { VerifyEvery = 5 }, DtlsCertificate.Generate(), http);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await viewer.ConnectAsync(Target, cts.Token), viewer.FailureReason);
        await origin.WaitConnectedAsync();

        var age = TimeSpan.FromMilliseconds(80);
        for (ushort seq = 1000; seq < 1100; seq++)
        {
            if (seq != 1050)
            {
                origin.SendMedia(SdpMediaKind.Video, seq, age);
            }
        }

        for (ushort seq = 2000; seq < 2050; seq++)
        {
            origin.SendMedia(SdpMediaKind.Audio, seq, age);
        }

        await WaitUntil(viewer, () => viewer.Video?.Packets == 99 && viewer.Audio?.Packets == 50 && origin.Nacked.Contains((ushort)1050));
        var beforeRepair = viewer.CreateReport();

        // 149 RTP packets: the first 16 verified, then every 5th of the other 133 (26); 107 read from the clear header only.
        Assert.Equal(107, beforeRepair.RtpUnverified);
        Assert.Equal(1, beforeRepair.Lost);
        Assert.Equal(0, beforeRepair.SrtpDropped);
        Assert.Equal(0, beforeRepair.MalformedPackets);
        Assert.Equal(99, viewer.VideoLatency.Count);
        Assert.Equal(50, viewer.AudioLatency.Count);
        Assert.InRange(beforeRepair.VideoLatency.P50Ms, 80 * 0.97, 10_000);

        // RTX is always verified: its payload (the original sequence number) is read.
        origin.SendRetransmission(1050);
        await WaitUntil(viewer, () => viewer.Video?.Retransmissions == 1);
        var report = viewer.CreateReport();
        Assert.Equal(0, report.Lost);
        Assert.Equal(107, report.RtpUnverified);
    }

    [Fact]
    public async Task OnRtp_GapRepairedByRtx_NothingLostAndRepairCounted()
    {
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        await using var viewer = new HeadlessViewer(1, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await viewer.ConnectAsync(Target, cts.Token), viewer.FailureReason);
        await origin.WaitConnectedAsync();

        for (ushort seq = 3000; seq < 3020; seq++)
        {
            if (seq != 3010)
            {
                origin.SendMedia(SdpMediaKind.Video, seq, TimeSpan.Zero);
            }
        }

        await WaitUntil(viewer, () => origin.Nacked.Contains((ushort)3010));
        origin.SendRetransmission(3010);
        await WaitUntil(viewer, () => viewer.Video?.Retransmissions == 1);

        var report = viewer.CreateReport();
        Assert.Equal(0, report.Lost);
        Assert.Equal(1, viewer.VideoRetransmission?.Packets);
        Assert.Equal(19, report.VideoPackets);
    }

    [Fact]
    public async Task LongestVideoGap_PauseInVideo_CoversThePause()
    {
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        await using var viewer = new HeadlessViewer(2, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await viewer.ConnectAsync(Target, cts.Token), viewer.FailureReason);
        await origin.WaitConnectedAsync();

        origin.SendMedia(SdpMediaKind.Video, 1, TimeSpan.Zero);
        await WaitUntil(viewer, () => viewer.Video?.Packets == 1);
        await Task.Delay(300, cts.Token);
        origin.SendMedia(SdpMediaKind.Video, 2, TimeSpan.Zero);
        await WaitUntil(viewer, () => viewer.Video?.Packets == 2);

        Assert.True(viewer.LongestVideoGap >= TimeSpan.FromMilliseconds(290), $"gap {viewer.LongestVideoGap}");
    }

    [Fact]
    public async Task CloseAsync_Connected_DeletesTheWhepResource()
    {
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        var viewer = new HeadlessViewer(3, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await viewer.ConnectAsync(Target, cts.Token), viewer.FailureReason);

        await viewer.CloseAsync(cts.Token);

        Assert.Equal(1, origin.Deletes);
        Assert.Equal(HeadlessViewerState.Closed, viewer.State);
    }

    [Fact]
    public async Task ConnectAsync_WhepRefuses_FailsWithTheStatus()
    {
        using var http = new HttpClient(new StatusHandler(HttpStatusCode.NotFound));
        await using var viewer = new HeadlessViewer(4, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http);

        Assert.False(await viewer.ConnectAsync(Target, CancellationToken.None));
        Assert.Equal(HeadlessViewerState.Failed, viewer.State);
        Assert.Contains("404", viewer.FailureReason, StringComparison.Ordinal);
        Assert.Null(viewer.ConnectTime);
        Assert.Equal("failed", viewer.CreateReport().State);
    }

    [Fact]
    public async Task ConnectAsync_Twice_Throws()
    {
        using var http = new HttpClient(new StatusHandler(HttpStatusCode.NotFound));
        await using var viewer = new HeadlessViewer(5, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http);
        await viewer.ConnectAsync(Target, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => viewer.ConnectAsync(Target, CancellationToken.None));
    }

    // Drives the viewer's feedback timer (a load run would) while waiting on real sockets.
    private static async Task WaitUntil(HeadlessViewer viewer, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            viewer.Tick();
            await Task.Delay(20);
        }

        Assert.True(condition(), "condition not met in time");
    }

    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status));
    }
}
