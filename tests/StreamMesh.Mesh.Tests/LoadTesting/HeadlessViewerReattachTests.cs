using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Mesh.Tests.LoadTesting;

/// <summary>Moving a headless viewer to another parent (relay tree): two in-test WHEP origins on loopback.</summary>
public sealed class HeadlessViewerReattachTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReattachAsync_ToSecondParent_KeepsTotalsRecordsGapAndIgnoresTheOldParent(bool sharedPoller)
    {
        using var poller = sharedPoller ? new UdpReceivePoller() : null;
        using var first = new FakeWhepOrigin();
        using var second = new FakeWhepOrigin();
        using var http = new HttpClient(new ByPort(first, second));
        await using var viewer = new HeadlessViewer(0, new HeadlessViewerOptions { ReceivePoller = poller }, DtlsCertificate.Generate(), http) { Reattachable = true };
        using var cts = new CancellationTokenSource(Timeout);

        Assert.True(await viewer.ConnectAsync(new WhepTarget(new Uri("http://127.0.0.1:1/whep/s"), null, null, "first"), cts.Token), viewer.FailureReason);
        await first.WaitConnectedAsync();
        for (ushort seq = 1; seq <= 10; seq++)
        {
            first.SendMedia(SdpMediaKind.Video, seq, TimeSpan.Zero);
        }

        await WaitUntil(viewer, () => viewer.Video?.Packets == 10);
        await Task.Delay(150, cts.Token);

        Assert.True(await viewer.ReattachAsync(new WhepTarget(new Uri("http://127.0.0.1:2/whep/s"), "ticket", null, "second"), cts.Token), viewer.LastReattachFailure);
        await second.WaitConnectedAsync();
        for (ushort seq = 500; seq < 505; seq++)
        {
            first.SendMedia(SdpMediaKind.Video, seq, TimeSpan.Zero); // the old parent, already left: not counted
        }

        for (ushort seq = 100; seq < 110; seq++)
        {
            second.SendMedia(SdpMediaKind.Video, seq, TimeSpan.Zero);
        }

        await WaitUntil(viewer, () => viewer.Video?.Packets == 10 && viewer.CreateReport().VideoPackets == 20);
        var report = viewer.CreateReport();

        Assert.Equal(HeadlessViewerState.Connected, viewer.State);
        Assert.Equal("second", report.Parent);
        Assert.Equal(20, report.VideoPackets);
        Assert.Equal(0, report.Lost);
        Assert.Single(report.ReattachMs!);
        Assert.True(report.ReattachMs![0] >= 140, $"reattach measured from the last packet: {report.ReattachMs[0]} ms");
        Assert.Contains(report.GapEventsMs!, g => g >= 140);
        Assert.Equal(1, first.Deletes);
        if (poller is { IsActive: true })
        {
            // The old parent's socket left the poller with its connection; the new one receives through it.
            await WaitUntil(viewer, () => poller.Statistics.Sockets == 1);
        }
    }

    [Fact]
    public async Task ReattachAsync_NewParentRefuses_ReturnsFalseAndViewerCanRetry()
    {
        using var first = new FakeWhepOrigin();
        using var http = new HttpClient(new ByPort(first, new RefusingHandler()));
        await using var viewer = new HeadlessViewer(1, new HeadlessViewerOptions(), DtlsCertificate.Generate(), http) { Reattachable = true };
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await viewer.ConnectAsync(new WhepTarget(new Uri("http://127.0.0.1:1/whep/s")), cts.Token), viewer.FailureReason);

        Assert.False(await viewer.ReattachAsync(new WhepTarget(new Uri("http://127.0.0.1:2/whep/s")), cts.Token));

        Assert.Contains("401", viewer.LastReattachFailure, StringComparison.Ordinal);
        Assert.Equal(HeadlessViewerState.Disconnected, viewer.State);
        Assert.Null(viewer.FailureReason);
    }

    [Theory]
    [InlineData("eu", "eu", null)]
    [InlineData("eu=127.0.1.50", "eu", "127.0.1.50")]
    public void ViewerSite_TryParse_NameAndOptionalAddress(string text, string name, string? address)
    {
        Assert.True(ViewerSite.TryParse(text, out var site));
        Assert.Equal(name, site!.Name);
        Assert.Equal(address, site.BindAddress?.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("=127.0.0.1")]
    [InlineData("eu=not-an-address")]
    public void ViewerSite_TryParse_Invalid_ReturnsFalse(string text) => Assert.False(ViewerSite.TryParse(text, out _));

    [Fact]
    public void TreeLoadSummary_From_CountsParentsReattachesAndExactPercentiles()
    {
        ViewerReport Viewer(int i, string parent, double[] reattach, double[] gaps) => new(
            i, "connected", null, 10, [], 1, 1, 1, 0, 1, gaps.Length == 0 ? 0 : gaps.Max(), DistributionSummary.Empty, DistributionSummary.Empty, 0, 0, 0, 0, 0, 0, 0, parent, reattach, gaps);

        var summary = TreeLoadSummary.From([Viewer(0, "a", [], []), Viewer(1, "a", [300], [300, 120]), Viewer(2, "b", [100, 900], [900])]);

        Assert.Equal(2, summary.ViewersPerParent["a"]);
        Assert.Equal(1, summary.ViewersPerParent["b"]);
        Assert.Equal(3, summary.Reattaches);
        Assert.Equal(2, summary.ViewersReattached);
        Assert.Equal(300, summary.ReattachTime.P50Ms);
        Assert.Equal(900, summary.ReattachTime.MaxMs);
        Assert.Equal(3, summary.GapEvents.Count);
    }

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

    /// <summary>Port 1 → the first parent, anything else → the second.</summary>
    private sealed class ByPort(HttpMessageHandler first, HttpMessageHandler second) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _first = new(first, disposeHandler: false);
        private readonly HttpMessageInvoker _second = new(second, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (request.RequestUri!.Port == 1 ? _first : _second).SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            _first.Dispose();
            _second.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized) { RequestMessage = request });
    }
}
