using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Stun;
using StreamMesh.Rtc.Tests.Ice;

namespace StreamMesh.Rtc.Tests.Net;

public class UdpMuxTests
{
    [Fact]
    public async Task Constructor_PortZero_ExposesEphemeralLocalEndPoint()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, Port = 0 });

        Assert.Equal(IPAddress.Loopback, mux.LocalEndPoint.Address);
        Assert.NotEqual(0, mux.LocalEndPoint.Port);
    }

    [Fact]
    public async Task DisposeAsync_StopsLoopAndReleasesPort()
    {
        var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        int port = mux.LocalEndPoint.Port;

        await mux.DisposeAsync();

        Assert.False(mux.Send([22, 1], new IPEndPoint(IPAddress.Loopback, 9)));
        await using var again = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, Port = port });
        Assert.Equal(port, again.LocalEndPoint.Port);
    }

    [Fact]
    public async Task DedicatedReceiveThread_ReceivesAndDisposeEndsTheBlockingReceive()
    {
        var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, DedicatedReceiveThread = true });
        int port = mux.LocalEndPoint.Port;
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (int i = 0; i < 3; i++)
            {
                sender.SendTo([5, 1, 2, (byte)i], mux.LocalEndPoint); // unserved first byte: counted as malformed
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (mux.Counters.DatagramsReceived < 3)
        {
            await Task.Delay(10, timeout.Token);
        }

        // The receive thread is blocked in recvmmsg(2) now (recvfrom(2) off Linux); disposing must wake it and end the loop.
        await mux.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, mux.Counters.DroppedMalformed);
        await using var again = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, Port = port });
        Assert.Equal(port, again.LocalEndPoint.Port);
    }

    [Fact]
    public async Task Receive_DatagramsWithUnservedFirstBytesOrBrokenStun_CountedAsMalformed()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());
        using var peer = new ScriptedIcePeer();
        IPEndPoint target = agent.Mux.LocalEndPoint;
        byte[] badCookie = StunCheckBytes(agent.Agent);
        badCookie[4] ^= 0xFF;
        byte[] badFingerprint = StunCheckBytes(agent.Agent);
        badFingerprint[^1] ^= 0xFF;

        peer.Socket.Send([5, 1, 2, 3], target);          // between STUN and DTLS (RFC 7983 reserves 4–19)
        peer.Socket.Send([64, 0, 0, 4], target);         // TURN channel range, not served
        peer.Socket.Send([0xFF, 0xFF], target);          // above RTP
        peer.Socket.Send([0, 1, 0, 0], target);          // STUN first byte, too short
        peer.Socket.Send(badCookie, target);
        peer.Socket.Send(badFingerprint, target);
        await SentinelAsync(agent, peer);

        UdpMuxCounters counters = agent.Mux.Counters;
        Assert.Equal(6, counters.DroppedMalformed);
        Assert.Equal(0, counters.DroppedUnroutable);
        Assert.Equal(7, counters.DatagramsReceived);
        Assert.Equal(4, counters.StunReceived);
    }

    [Fact]
    public async Task Receive_UnroutableStunAndMediaFromUnknownEndPoint_CountedAsUnroutable()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());
        using var peer = new ScriptedIcePeer();
        using var stranger = new ScriptedIcePeer("strg", "strangerPassword012345678");
        IPEndPoint target = agent.Mux.LocalEndPoint;
        var unknownAgent = new IceAgent(agent.Mux, new IceAgentOptions { LocalUsernameFragment = "nobody", LocalPassword = "nobodysPassword0123456789" });

        stranger.SendCheck(unknownAgent, target, controlling: true);               // ufrag not registered
        stranger.Socket.Send(SuccessResponseBytes(StunTransactionId.NewRandom()), target); // unknown transaction
        stranger.Socket.Send([23, 0xfe, 0xfd, 0, 0], target);                      // DTLS, endpoint not validated
        stranger.Socket.Send([0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], target);    // RTP
        stranger.Socket.Send([0x80, 201, 0, 1, 0, 0, 0, 1], target);               // RTCP
        await SentinelAsync(agent, peer, from: stranger);

        UdpMuxCounters counters = agent.Mux.Counters;
        Assert.Equal(5, counters.DroppedUnroutable);
        Assert.Equal(1, counters.DtlsReceived);
        Assert.Equal(1, counters.RtpReceived);
        Assert.Equal(1, counters.RtcpReceived);
        Assert.Empty(agent.Sink.Dtls);
        Assert.Empty(agent.Sink.Rtp);
    }

    [Fact]
    public async Task Register_DuplicateUfragOrForeignAgent_Throws()
    {
        await using IceTestPeer first = await IceTestPeer.CreateAsync(new IceAgentOptions { LocalUsernameFragment = "same" });
        await using UdpMux other = IceTestPeer.CreateLoopbackMux();
        var duplicate = new IceAgent(first.Mux, new IceAgentOptions { LocalUsernameFragment = "same" });
        var foreign = new IceAgent(other, new IceAgentOptions());

        Assert.Throws<InvalidOperationException>(() => first.Mux.Register(duplicate, new RecordingSink()));
        Assert.Throws<ArgumentException>(() => first.Mux.Register(foreign, new RecordingSink()));
        Assert.Throws<InvalidOperationException>(() => first.Mux.Register(first.Agent, new RecordingSink()));
        Assert.Equal(1, first.Mux.RegistrationCount);
    }

    [Fact]
    public async Task Receive_GarbageWhileConnected_CountedAndThePairKeepsCarryingMedia()
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled });
        await IceAgentConnectivityTests.ConnectAsync(a, b);
        using var attacker = new RawUdpPeer();
        var random = new Random(7983);
        byte[] garbage = new byte[300];

        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(garbage);
            garbage[0] = (byte)random.Next(0, 4); // STUN-looking junk
            attacker.Send(garbage.AsSpan(0, random.Next(1, garbage.Length)), b.Mux.LocalEndPoint);
        }

        attacker.Send([22, 0xfe, 0xfd], b.Mux.LocalEndPoint);
        Assert.True(a.Agent.Send([22, 0xfe, 0xfd, 9, 9]));
        await b.Sink.WaitForDtlsAsync(1);

        UdpMuxCounters counters = b.Mux.Counters;
        Assert.True(counters.DroppedMalformed >= 190, $"malformed {counters.DroppedMalformed}");
        Assert.True(counters.DroppedUnroutable >= 1);
        (byte[] data, IPEndPoint from) = Assert.Single(b.Sink.Dtls);
        Assert.Equal(a.Mux.LocalEndPoint, from);
        Assert.Equal([22, 0xfe, 0xfd, 9, 9], data);
        Assert.Equal(IceConnectionState.Connected, b.Agent.State);
    }

    [Fact]
    public async Task Send_OutboundRtpLossRateOne_DropsEveryRtpButNoRtcpOrDtls()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, OutboundRtpLossRate = 1.0 });
        using var sinkPeer = new RawUdpPeer();

        for (int i = 0; i < 50; i++)
        {
            mux.Send([0x80, 96, 0, (byte)i], sinkPeer.EndPoint);   // RTP PT 96
            mux.Send([0x80, 0xE0, 0, (byte)i], sinkPeer.EndPoint); // RTP PT 96 with marker (second byte 224)
        }

        mux.Send([0x80, 200, 0, 6], sinkPeer.EndPoint);  // RTCP SR
        mux.Send([0x81, 205, 0, 3], sinkPeer.EndPoint);  // RTCP RTPFB (NACK)
        mux.Send([22, 0xfe, 0xfd], sinkPeer.EndPoint);   // DTLS

        UdpMuxCounters counters = mux.Counters;
        Assert.Equal(100, counters.DroppedByOutboundLoss);
        Assert.Equal(3, counters.DatagramsSent);
        (byte[] first, _) = await sinkPeer.ReceiveAsync();
        Assert.Equal(200, first[1]);
    }

    [Fact]
    public void Send_OutboundRtpLossFivePercent_DropsAboutFivePercentReproducibly()
    {
        long Run()
        {
            using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, OutboundRtpLossRate = 0.05, LossRandomSeed = 42 });
            var to = new IPEndPoint(IPAddress.Loopback, 9);
            for (int i = 0; i < 4000; i++)
            {
                mux.Send([0x80, 111, (byte)(i >> 8), (byte)i], to);
            }

            return mux.Counters.DroppedByOutboundLoss;
        }

        long dropped = Run();

        // Mean 200, standard deviation ≈ 13.8: ±5σ.
        Assert.InRange(dropped, 130, 270);
        Assert.Equal(dropped, Run());
    }

    [Fact]
    public async Task Receive_InboundRtpLossRateOne_DropsRtpButDeliversRtcp()
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, muxOptions: new UdpMuxOptions { InboundRtpLossRate = 1.0 });
        await IceAgentConnectivityTests.ConnectAsync(a, b);

        for (int i = 0; i < 10; i++)
        {
            a.Agent.Send([0x80, 96, 0, (byte)i, 0, 0, 0, 0, 0, 0, 0, 1]);
        }

        a.Agent.Send([0x80, 201, 0, 1, 0, 0, 0, 1]);
        await b.Sink.WaitForRtpAsync(1);

        Assert.Equal(201, Assert.Single(b.Sink.Rtp).Data[1]);
        Assert.Equal(10, b.Mux.Counters.DroppedByInboundLoss);
    }

    [Fact]
    public async Task ReceiveLoop_AfterSendingToClosedPort_KeepsReceiving()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());
        using var peer = new ScriptedIcePeer();
        IPEndPoint closed;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        // ICMP port unreachable comes back for each of these; it must not break the receive loop.
        for (int i = 0; i < 5; i++)
        {
            agent.Mux.Send([22, 0xfe, 0xfd, (byte)i], closed);
        }

        await SentinelAsync(agent, peer);

        Assert.True(agent.Mux.Counters.DatagramsReceived >= 1);
        if (OperatingSystem.IsLinux())
        {
            // Linux reports ICMP errors only on connected UDP sockets (ECONNREFUSED); the mux never
            // connects its socket. Windows would (WSAECONNRESET), which the mux disables with SIO_UDP_CONNRESET.
            Assert.Equal(0, agent.Mux.Counters.ReceiveErrors);
        }
    }

    [Fact]
    public async Task Register_DualStackMux_IPv4PeerConnectsAndMediaIsRouted()
    {
        await using IceTestPeer dualStack = await IceTestPeer.CreateAsync(
            new IceAgentOptions { Role = IceRole.Controlled, IncludeLoopback = true },
            sharedMux: null,
            muxOptions: null,
            bindAddress: IPAddress.IPv6Any);
        await using IceTestPeer v4 = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        Assert.Contains(dualStack.Agent.LocalCandidates, c => c.IPAddress!.Equals(IPAddress.Loopback));

        await IceAgentConnectivityTests.ConnectAsync(dualStack, v4);
        Assert.True(v4.Agent.Send([22, 0xfe, 0xfd, 7]));
        Assert.True(dualStack.Agent.Send([23, 0xfe, 0xfd, 8]));
        await dualStack.Sink.WaitForDtlsAsync(1);
        await v4.Sink.WaitForDtlsAsync(1);

        // The dual-stack socket sees the peer as ::ffff:127.0.0.1; everything above it sees plain IPv4.
        Assert.Equal(v4.Mux.LocalEndPoint, dualStack.Agent.SelectedRemoteEndPoint);
        Assert.Equal(v4.Mux.LocalEndPoint, Assert.Single(dualStack.Sink.Dtls).Remote);
        Assert.Equal(8, Assert.Single(v4.Sink.Dtls).Data[3]);
    }

    [Fact]
    public void Validate_InvalidOptions_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { Port = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { Port = 70000 }.Validate());
        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { OutboundRtpLossRate = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { InboundRtpLossRate = double.NaN }.Validate());
        Assert.Throws<ArgumentException>(() => new UdpMuxOptions { ReceiveBufferSize = 100 }.Validate());
        new UdpMuxOptions().Validate();
    }

    /// <summary>
    /// A check with a wrong password from <paramref name="from"/>, awaited until its 401 comes back:
    /// once it has, the mux has processed everything that peer sent before it.
    /// </summary>
    private static async Task SentinelAsync(IceTestPeer agent, ScriptedIcePeer peer, ScriptedIcePeer? from = null)
    {
        ScriptedIcePeer sender = from ?? peer;
        sender.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, password: "sentinelWrongPassword0123");
        await sender.ReceiveStunAsync(StunMessageClass.ErrorResponse);
    }

    private static byte[] StunCheckBytes(IceAgent agent)
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteIceUsername(agent.LocalUsernameFragment, "xxxx");
        writer.WriteMessageIntegrity("whatever"u8);
        writer.WriteFingerprint();
        return writer.Written.ToArray();
    }

    private static byte[] SuccessResponseBytes(StunTransactionId id)
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageClass.SuccessResponse, StunMethod.Binding, id);
        writer.WriteFingerprint();
        return writer.Written.ToArray();
    }
}
