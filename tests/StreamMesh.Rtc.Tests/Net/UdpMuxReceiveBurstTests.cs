using System.Collections.Concurrent;
using System.Net;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Tests.Ice;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// The dedicated receive thread on real loopback sockets: recvmmsg(2) takes what is queued as one
/// burst, routes every datagram of it to its own sink, and then tells each sink it reached, once, that
/// the burst ended. Other receive loops have no bursts.
/// </summary>
public class UdpMuxReceiveBurstTests
{
    private const int HoldLength = 20;
    private const int Rounds = 8;

    [Fact]
    public async Task DedicatedThread_ThreePeersQueuedTogether_RoutedInOrderThenOneBurstEndPerSink()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux(new UdpMuxOptions { DedicatedReceiveThread = true });
        var log = new ConcurrentQueue<string>();
        var peers = new List<(IceAgent Agent, BurstRecordingSink Sink, ScriptedIcePeer Sender)>();
        try
        {
            foreach (string name in new[] { "a", "b", "c" })
            {
                peers.Add(await CreateBoundPeerAsync(mux, new BurstRecordingSink(name, mux, log) { HoldOnLength = name == "a" ? HoldLength : -1 }));
            }

            // Hold the receive thread in sink a, so everything sent now waits on the socket together.
            peers[0].Sender.Socket.Send(Rtp(index: 255, HoldLength), mux.LocalEndPoint);
            await peers[0].Sink.Holding.Task.WaitAsync(TestTimeouts.Network);
            for (int i = 0; i < Rounds; i++)
            {
                foreach (var peer in peers)
                {
                    peer.Sender.Socket.Send(Rtp(i, 100), mux.LocalEndPoint);
                }
            }

            // Loopback delivers within the send call unless the kernel defers it to its softirq thread; a
            // moment covers that on a busy machine.
            await Task.Delay(100);
            peers[0].Sink.Release();

            bool bursts = LinuxRecvMmsg.IsSupported;
            var expected = new List<string> { "a rtp 255" };
            if (bursts)
            {
                expected.Add("a end");
            }

            for (int i = 0; i < Rounds; i++)
            {
                expected.AddRange(["a rtp " + i, "b rtp " + i, "c rtp " + i]);
            }

            if (bursts)
            {
                // After the last datagram of the burst, in the order the sinks were first reached.
                expected.AddRange(["a end", "b end", "c end"]);
            }

            await WaitUntilAsync(() => log.Count >= expected.Count);
            Assert.Equal(expected, log.ToArray());
            Assert.All(peers, p => Assert.Equal(bursts ? 0 : Rounds + (p.Sink == peers[0].Sink ? 1 : 0), p.Sink.OutsideBurst));
            Assert.False(mux.IsInReceiveBurst); // not on this thread, ever
            Assert.Equal(0, mux.Counters.ReceiveErrors);
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Sink.Release();
                await peer.Agent.DisposeAsync();
                peer.Sender.Dispose();
                peer.Sink.Dispose();
            }
        }
    }

    [Fact]
    public async Task DedicatedThread_MalformedAndOversizedDatagrams_DroppedCountedAndTheLoopGoesOn()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux(new UdpMuxOptions { DedicatedReceiveThread = true, ReceiveBufferSize = 1500 });
        using var peer = new RawUdpPeer();

        peer.Send([5, 1, 2, 3], mux.LocalEndPoint);     // RFC 7983 leaves 4–19 unassigned
        peer.Send([64, 0, 0, 4], mux.LocalEndPoint);    // TURN channel range, not served
        peer.Send([0xFF, 0xFF], mux.LocalEndPoint);     // above RTP
        peer.Send([0, 1, 0, 0], mux.LocalEndPoint);     // STUN first byte, too short
        peer.Send(new byte[2000], mux.LocalEndPoint);   // longer than the receive buffer
        peer.Send([0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], mux.LocalEndPoint); // RTP from nobody
        await WaitUntilAsync(() => mux.Counters is var c && c.DroppedMalformed + c.DroppedUnroutable + c.ReceiveErrors == 6);

        UdpMuxCounters counters = mux.Counters;
        Assert.Equal(5, counters.DatagramsReceived);
        Assert.Equal(4, counters.DroppedMalformed);
        Assert.Equal(1, counters.DroppedUnroutable);
        Assert.Equal(1, counters.ReceiveErrors);
        Assert.Equal(1, counters.StunReceived);
    }

    [Fact]
    public async Task AsyncLoop_NoBursts_SinkIsToldNothingAndHandsOnAtOnce()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        var log = new ConcurrentQueue<string>();
        var (agent, sink, sender) = await CreateBoundPeerAsync(mux, new BurstRecordingSink("a", mux, log));
        try
        {
            for (int i = 0; i < 3; i++)
            {
                sender.Socket.Send(Rtp(i, 100), mux.LocalEndPoint);
            }

            await WaitUntilAsync(() => log.Count >= 3);
            Assert.Equal(["a rtp 0", "a rtp 1", "a rtp 2"], log.ToArray());
            Assert.Equal(3, sink.OutsideBurst);
        }
        finally
        {
            await agent.DisposeAsync();
            sender.Dispose();
            sink.Dispose();
        }
    }

    /// <summary>An agent on <paramref name="mux"/> whose sink gets RTP from a scripted peer's endpoint (bound by one authenticated check).</summary>
    private static async Task<(IceAgent Agent, BurstRecordingSink Sink, ScriptedIcePeer Sender)> CreateBoundPeerAsync(UdpMux mux, BurstRecordingSink sink)
    {
        var agent = new IceAgent(mux, new IceAgentOptions());
        UdpMuxRegistration registration = mux.Register(agent, sink);
        await agent.GatherAsync();
        var sender = new ScriptedIcePeer();
        sender.SendCheck(agent, mux.LocalEndPoint, controlling: true);
        await sender.ReceiveStunAsync();
        Assert.Equal(sender.EndPoint, Assert.Single(registration.BoundEndPoints));
        return (agent, sink, sender);
    }

    /// <summary>An RTP-looking datagram whose third byte is <paramref name="index"/>.</summary>
    private static byte[] Rtp(int index, int length)
    {
        byte[] data = new byte[length];
        data[0] = 0x80;
        data[1] = 96;
        data[2] = (byte)index;
        return data;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Network);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
