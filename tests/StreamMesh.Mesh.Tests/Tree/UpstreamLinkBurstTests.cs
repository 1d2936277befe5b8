using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tests.LoadTesting;
using StreamMesh.Mesh.Tree;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Mesh.Tests.Tree;

/// <summary>
/// A relay's upstream link on real loopback sockets (ICE, DTLS, SRTP from an in-test WHEP parent): video
/// that arrives in one receive burst reaches the children in one dispatch, so each child gets it as one
/// segmented message; where the receive loop has no bursts, every packet goes on at once.
/// </summary>
public sealed class UpstreamLinkBurstTests
{
    private const int FramePackets = 12;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FrameQueuedOnTheRelaySocket_ReachesTheChildInOneDispatchOnlyWhenReceivedInBursts(bool dedicatedReceiveThread)
    {
        using var origin = new FakeWhepOrigin();
        using var http = new HttpClient(origin);
        await using var endpoint = new WebRtcEndpoint(new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, DedicatedReceiveThread = dedicatedReceiveThread }), DtlsCertificate.Generate());
        var target = new RelayedStream("test", new StreamRegistry(), TimeProvider.System);
        await using var childSocket = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var viewer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        viewer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var child = new BatchRecordingChild(childSocket, childSocket.CreateSocketAddress((IPEndPoint)viewer.LocalEndPoint!));
        var link = new UpstreamLink(target, endpoint, TimeProvider.System, NullLoggerFactory.Instance);
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await link.ConnectAsync(http, new Uri("http://127.0.0.1:9/whep/test"), null, Timeout, cts.Token);
            await origin.WaitConnectedAsync();
            link.RequestActivation(null);
            target.Live!.Attach(child);

            // The first packet activates the link; the child holds the relay's receive loop on it, so the
            // frame the parent sends now lies in the relay's socket as a whole, as a GSO send leaves it.
            origin.SendMedia(SdpMediaKind.Audio, 1, TimeSpan.Zero);
            await child.Holding.Task.WaitAsync(Timeout);
            for (ushort sequence = 100; sequence < 100 + FramePackets; sequence++)
            {
                origin.SendMedia(SdpMediaKind.Video, sequence, TimeSpan.Zero);
            }

            // Loopback delivers within the send call unless the kernel defers it to its softirq thread; a
            // moment covers that on a busy machine.
            await Task.Delay(100, cts.Token);
            child.Release();
            while (child.Video.Count < FramePackets)
            {
                await Task.Delay(10, cts.Token);
            }

            var video = child.Video;
            Assert.Equal(FramePackets, video.Count);
            Assert.Equal(Enumerable.Range(0, FramePackets).Select(i => (ushort)(video[0].Sequence + i)), video.Select(v => v.Sequence));
            bool bursts = dedicatedReceiveThread && OperatingSystem.IsLinux() && Environment.Is64BitProcess;
            if (bursts)
            {
                // One dispatch: one flush of the child's batch, all of the frame in one UDP_SEGMENT message.
                Assert.Single(video.Select(v => v.Flush).Distinct());
                Assert.True(childSocket.SendsSegmentedMessages);
                Assert.Equal(1, childSocket.Counters.SegmentedMessages);
                Assert.Equal(FramePackets, childSocket.Counters.SegmentedDatagrams);
            }
            else
            {
                // No bursts: each packet was sent on as it came, nothing waited for a burst end.
                Assert.Equal(FramePackets, video.Select(v => v.Flush).Distinct().Count());
                Assert.Equal(0, childSocket.Counters.SegmentedMessages);
            }
        }
        finally
        {
            child.Release();
            await link.DisposeAsync();
            target.Live?.Dispose();
        }
    }
}
