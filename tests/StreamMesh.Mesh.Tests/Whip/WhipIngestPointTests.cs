using System.Net;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Whip;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tests.Whip;

public sealed class WhipIngestPointTests
{
    private static readonly StreamTrack Video = new(MediaKind.Video, "H264", 90_000, 0, 0x1111, 0x2222, 102);
    private static readonly StreamTrack Audio = new(MediaKind.Audio, "opus", 48_000, 2, 0x3333, 0, 111);

    [Fact]
    public async Task TryHold_SecondPublisherWhileFirstHolds_RefusedThenAcceptedAfterRelease()
    {
        var time = new FakeTimeProvider();
        using var stream = new LiveStream("cam", Video, Audio, time, FanOutScheduler.Inline);
        var point = new WhipIngestPoint(stream, publishToken: "");
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        var first = new WhipPublisherSession("a", point, new RtcPeerConnection(endpoint), 2500, time);
        var second = new WhipPublisherSession("b", point, new RtcPeerConnection(endpoint), 2500, time);

        Assert.Null(point.PublishToken);
        Assert.True(point.TryHold(first));
        Assert.False(point.TryHold(second));
        Assert.Same(first, point.Publisher);

        await first.DisposeAsync();

        Assert.Null(point.Publisher);
        Assert.True(point.TryHold(second));
        Assert.Equal(0, point.PublishersConnected);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task WaitForPublisherAsync_HolderConnects_ReturnsIt()
    {
        var time = new FakeTimeProvider();
        using var stream = new LiveStream("cam", Video, Audio, time, FanOutScheduler.Inline);
        var point = new WhipIngestPoint(stream, "token");
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        await using var session = new WhipPublisherSession("a", point, new RtcPeerConnection(endpoint), 2500, time);
        Assert.True(point.TryHold(session));
        var waiting = point.WaitForPublisherAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        point.OnConnected(session);

        Assert.Same(session, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, point.PublishersConnected);
        Assert.Equal("token", point.PublishToken);
    }

    [Fact]
    public async Task Ended_SessionDisposed_CompletesWithReason()
    {
        var time = new FakeTimeProvider();
        using var stream = new LiveStream("cam", Video, Audio, time, FanOutScheduler.Inline);
        var point = new WhipIngestPoint(stream, null);
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        var session = new WhipPublisherSession("a", point, new RtcPeerConnection(endpoint), 2500, time);

        await session.DisposeAsync();

        Assert.True(session.Ended.IsCompleted);
        Assert.Contains("deleted", await session.Ended, StringComparison.Ordinal);
    }
}
