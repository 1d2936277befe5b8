using System.Net;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Tests.Ice;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// <see cref="UdpReceivePoller"/> on real loopback sockets: routing from many senders, GRO buffers
/// split into their datagrams, dispose under traffic, malformed input, and the fallback paths.
/// </summary>
public class UdpReceivePollerTests
{
    [Fact]
    public async Task Poller_ManySendersToManyMuxes_EachSinkGetsExactlyItsOwnDatagrams()
    {
        const int Muxes = 12;
        const int PerSender = 40;
        using var poller = new UdpReceivePoller();
        Assert.Equal(OperatingSystem.IsLinux(), poller.IsActive);
        var peers = new List<(IceTestPeer Agent, ScriptedIcePeer Sender)>();
        try
        {
            for (int m = 0; m < Muxes; m++)
            {
                peers.Add(await CreateBoundPairAsync(poller));
            }

            for (int i = 0; i < PerSender; i++)
            {
                for (int m = 0; m < Muxes; m++)
                {
                    peers[m].Sender.Socket.Send(Rtp(m, i, 100 + m), peers[m].Agent.Mux.LocalEndPoint);
                }
            }

            for (int m = 0; m < Muxes; m++)
            {
                (IceTestPeer agent, ScriptedIcePeer sender) = peers[m];
                await agent.Sink.WaitForRtpAsync(PerSender);
                Assert.Equal(poller.IsActive, agent.Mux.ReceivesThroughPoller);
                var received = agent.Sink.Rtp.ToArray();
                Assert.Equal(PerSender, received.Length);
                Assert.All(received, r => Assert.Equal(sender.EndPoint, r.Remote));
                Assert.Equal(Enumerable.Range(0, PerSender).Select(i => Rtp(m, i, 100 + m)), received.Select(r => r.Data));
            }

            if (poller.IsActive)
            {
                UdpReceivePollerStatistics statistics = poller.Statistics;
                Assert.Equal(Muxes, statistics.Sockets);
                Assert.True(statistics.Datagrams >= Muxes * (PerSender + 1), $"{statistics.Datagrams} datagrams");
                Assert.True(statistics.ReceiveCalls <= statistics.Datagrams);
            }
        }
        finally
        {
            await DisposeAllAsync(peers);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GsoSend_FiveFullSegmentsAndATail_ArriveAsSixDatagramsWithExactBytes(bool gro)
    {
        using var poller = new UdpReceivePoller(new UdpReceivePollerOptions { Gro = gro });
        if (!poller.IsActive)
        {
            // Elsewhere the poller stands aside and the mux keeps its own loop.
            Assert.False(OperatingSystem.IsLinux());
            return;
        }

        (IceTestPeer agent, ScriptedIcePeer sender) = await CreateBoundPairAsync(poller);
        try
        {
            byte[][] segments = [.. Enumerable.Range(0, 5).Select(i => Rtp(7, i, 1000)), Rtp(7, 5, 300)];
            byte[] payload = [.. segments.SelectMany(s => s)];

            sender.Socket.SendSegmented(payload, 1000, agent.Mux.LocalEndPoint);
            await agent.Sink.WaitForRtpAsync(segments.Length);

            var received = agent.Sink.Rtp.ToArray();
            Assert.Equal(segments.Length, received.Length);
            Assert.Equal([1000, 1000, 1000, 1000, 1000, 300], received.Select(r => r.Data.Length));
            Assert.Equal(segments, received.Select(r => r.Data));
            Assert.All(received, r => Assert.Equal(sender.EndPoint, r.Remote));
            Assert.Equal(segments.Length + 1, agent.Mux.Counters.DatagramsReceived); // + the STUN check
            // On loopback a GSO send reaches a GRO socket in one piece; without GRO the kernel segments it.
            Assert.Equal(gro ? 1 : 0, poller.Statistics.CoalescedBuffers);
        }
        finally
        {
            await agent.DisposeAsync();
            sender.Dispose();
        }
    }

    [Fact]
    public async Task Dispose_UnderTraffic_DoesNotCrashAndTheOtherMuxesKeepReceiving()
    {
        using var poller = new UdpReceivePoller();
        var muxes = Enumerable.Range(0, 6).Select(_ => CreateMux(poller)).ToList();
        using var stop = new CancellationTokenSource();
        var targets = muxes.Select(m => m.LocalEndPoint).ToArray();
        Task traffic = BlastAsync(targets, stop.Token);
        try
        {
            await WaitUntilAsync(() => muxes.All(m => m.Counters.DatagramsReceived > 50));

            // Half of them go while datagrams keep arriving; their descriptors are free for reuse at once.
            await Task.WhenAll(muxes.Take(3).Select(m => m.DisposeAsync().AsTask())).WaitAsync(TestTimeouts.Network);
            long[] atDispose = [.. muxes.Take(3).Select(m => m.Counters.DatagramsReceived)];
            var reused = CreateMux(poller);
            while (targets.Any(t => t.Port == reused.LocalEndPoint.Port))
            {
                // The blast still aims at the closed ports: a new socket must not sit on one of them.
                var next = CreateMux(poller);
                await reused.DisposeAsync();
                reused = next;
            }

            muxes.Add(reused);
            long[] before = [.. muxes.Skip(3).Select(m => m.Counters.DatagramsReceived)];
            using var lone = new RawUdpPeer();
            for (int i = 0; i < 20; i++)
            {
                lone.Send([5, 9, 9, (byte)i], reused.LocalEndPoint);
            }

            await WaitUntilAsync(() => muxes.Skip(3).Take(3).Select((m, i) => m.Counters.DatagramsReceived > before[i] + 50).All(b => b) && reused.Counters.DatagramsReceived >= 20);

            Assert.Equal(atDispose, muxes.Take(3).Select(m => m.Counters.DatagramsReceived));
            Assert.Equal(20, reused.Counters.DatagramsReceived);
            Assert.Equal(4, poller.Statistics.Sockets);
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
            foreach (UdpMux mux in muxes)
            {
                await mux.DisposeAsync();
            }
        }

        Assert.Equal(0, poller.Statistics.Sockets);
    }

    [Fact]
    public async Task CreateAndDispose_RepeatedlyWhileTheirDatagramsAreBeingRead_StableMuxesUnaffected()
    {
        using var poller = new UdpReceivePoller();
        await using UdpMux stable1 = CreateMux(poller);
        await using UdpMux stable2 = CreateMux(poller);
        using var stop = new CancellationTokenSource();
        Task traffic = BlastAsync([stable1.LocalEndPoint, stable2.LocalEndPoint], stop.Token);
        using var churner = new RawUdpPeer();
        try
        {
            for (int round = 0; round < 50; round++)
            {
                // Closed at once, synchronously, with its datagrams still queued or being read; the
                // next mux most likely gets the same descriptor number.
                var mux = CreateMux(poller);
                for (int i = 0; i < 30; i++)
                {
                    churner.Send([5, (byte)round, (byte)i], mux.LocalEndPoint);
                }

                mux.Dispose();
            }

            long before1 = stable1.Counters.DatagramsReceived;
            long before2 = stable2.Counters.DatagramsReceived;
            await WaitUntilAsync(() => stable1.Counters.DatagramsReceived > before1 + 100 && stable2.Counters.DatagramsReceived > before2 + 100);
            await WaitUntilAsync(() => poller.Statistics.Sockets == 2);
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        Assert.Equal(0, stable1.Counters.ReceiveErrors + stable2.Counters.ReceiveErrors);
    }

    [Fact]
    public async Task Poller_MalformedDatagrams_DroppedAndCountedAsWithTheMuxLoop()
    {
        using var poller = new UdpReceivePoller();
        await using UdpMux mux = CreateMux(poller);
        using var peer = new RawUdpPeer();

        peer.Send([5, 1, 2, 3], mux.LocalEndPoint);     // RFC 7983 leaves 4–19 unassigned
        peer.Send([64, 0, 0, 4], mux.LocalEndPoint);    // TURN channel range, not served
        peer.Send([0xFF, 0xFF], mux.LocalEndPoint);     // above RTP
        peer.Send([0, 1, 0, 0], mux.LocalEndPoint);     // STUN first byte, too short
        peer.Send([0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], mux.LocalEndPoint); // RTP from nobody
        // A datagram is counted as received before it is routed: wait for all five verdicts.
        await WaitUntilAsync(() => mux.Counters is var c && c.DroppedMalformed + c.DroppedUnroutable == 5);

        UdpMuxCounters counters = mux.Counters;
        Assert.Equal(5, counters.DatagramsReceived);
        Assert.Equal(4, counters.DroppedMalformed);
        Assert.Equal(1, counters.DroppedUnroutable);
        Assert.Equal(1, counters.StunReceived);
        Assert.Equal(0, counters.ReceiveErrors);
    }

    [Fact]
    public async Task DisposedPoller_NewMuxFallsBackToItsOwnLoopAndStillReceives()
    {
        var poller = new UdpReceivePoller();
        poller.Dispose();
        await using UdpMux mux = CreateMux(poller);
        using var peer = new RawUdpPeer();

        peer.Send([5, 1, 2, 3], mux.LocalEndPoint);
        await WaitUntilAsync(() => mux.Counters.DroppedMalformed == 1);

        Assert.False(poller.IsActive);
        Assert.False(mux.ReceivesThroughPoller);
    }

    [Fact]
    public void Options_PollerWithDedicatedThreadOrBadSizes_Rejected()
    {
        using var poller = new UdpReceivePoller();

        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { ReceivePoller = poller, DedicatedReceiveThread = true }.Validate());
        Assert.Throws<ArgumentException>(() => new UdpReceivePoller(new UdpReceivePollerOptions { Threads = 0 }));
        Assert.Throws<ArgumentException>(() => new UdpReceivePoller(new UdpReceivePollerOptions { MessagesPerCall = 0 }));
    }

    [Fact]
    public async Task TwoThreads_SocketsSpreadOverBoth_AllReceive()
    {
        using var poller = new UdpReceivePoller(new UdpReceivePollerOptions { Threads = 2 });
        var muxes = Enumerable.Range(0, 4).Select(_ => CreateMux(poller)).ToList();
        try
        {
            using var peer = new RawUdpPeer();
            foreach (UdpMux mux in muxes)
            {
                peer.Send([5, 0], mux.LocalEndPoint);
            }

            await WaitUntilAsync(() => muxes.All(m => m.Counters.DatagramsReceived == 1));
            Assert.Equal(OperatingSystem.IsLinux() ? 2 : 0, poller.ThreadCount);
        }
        finally
        {
            foreach (UdpMux mux in muxes)
            {
                await mux.DisposeAsync();
            }
        }
    }

    private static UdpMux CreateMux(UdpReceivePoller poller) =>
        IceTestPeer.CreateLoopbackMux(new UdpMuxOptions { ReceivePoller = poller, ReceiveBufferSize = 2048 });

    /// <summary>A polled mux with an agent whose sink gets RTP from a scripted peer's endpoint (bound by one authenticated check).</summary>
    private static async Task<(IceTestPeer Agent, ScriptedIcePeer Sender)> CreateBoundPairAsync(UdpReceivePoller poller)
    {
        IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions(), muxOptions: new UdpMuxOptions { ReceivePoller = poller, ReceiveBufferSize = 2048 });
        var sender = new ScriptedIcePeer();
        sender.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true);
        await sender.ReceiveStunAsync();

        // The agent answers the check before the poller thread that carried it binds the endpoint.
        await WaitUntilAsync(() => agent.Registration.BoundEndPoints.Count > 0);
        Assert.Equal(sender.EndPoint, Assert.Single(agent.Registration.BoundEndPoints));
        return (agent, sender);
    }

    /// <summary>An RTP-looking datagram whose every byte after the first two says who sent it and which one it is.</summary>
    private static byte[] Rtp(int sender, int index, int length)
    {
        byte[] data = new byte[length];
        data[0] = 0x80;
        data[1] = 96;
        for (int i = 2; i < length; i++)
        {
            data[i] = (byte)((sender * 31) + (index * 7) + i);
        }

        return data;
    }

    private static async Task BlastAsync(IPEndPoint[] targets, CancellationToken token)
    {
        using var peer = new RawUdpPeer();
        byte[] datagram = [5, 1, 2, 3, 4, 5, 6, 7];
        while (!token.IsCancellationRequested)
        {
            for (int burst = 0; burst < 20; burst++)
            {
                foreach (IPEndPoint target in targets)
                {
                    peer.Send(datagram, target);
                }
            }

            await Task.Yield();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Network);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task DisposeAllAsync(List<(IceTestPeer Agent, ScriptedIcePeer Sender)> peers)
    {
        foreach ((IceTestPeer agent, ScriptedIcePeer sender) in peers)
        {
            await agent.DisposeAsync();
            sender.Dispose();
        }
    }
}
