using System.Net;
using StreamMesh.Rtc.Ice;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>Two real agents on two real muxes on 127.0.0.1, with the system clock.</summary>
public class IceAgentConnectivityTests
{
    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, IceRole.Controlling)]
    public async Task Start_OneControllingOneControlled_BothConnectOnTheSamePair(IceRole roleA, IceRole roleB)
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = roleA });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = roleB });
        IceTestPeer.Exchange(a, b);

        a.Agent.Start();
        b.Agent.Start();
        await Task.WhenAll(a.Agent.WaitForStateAsync(IceConnectionState.Connected), b.Agent.WaitForStateAsync(IceConnectionState.Connected));

        AssertAgreeOnPair(a, b);
        Assert.Equal(roleA, a.Agent.Role);
        Assert.Equal(roleB, b.Agent.Role);
        Assert.True(a.Agent.SelectedPair!.Nominated);
        Assert.True(b.Agent.SelectedPair!.Nominated);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task Start_BothClaimTheSameRole_ConflictResolvedByTieBreakerAndConnects(IceRole role)
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = role, TieBreaker = 1000 });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = role, TieBreaker = 2000 });
        IceTestPeer.Exchange(a, b);

        a.Agent.Start();
        b.Agent.Start();
        await Task.WhenAll(a.Agent.WaitForStateAsync(IceConnectionState.Connected), b.Agent.WaitForStateAsync(IceConnectionState.Connected));

        // RFC 8445 §7.3.1.1: the larger tie-breaker ends up controlling.
        Assert.Equal(IceRole.Controlled, a.Agent.Role);
        Assert.Equal(IceRole.Controlling, b.Agent.Role);
        AssertAgreeOnPair(a, b);
    }

    [Fact]
    public async Task Start_ControlledNeverGetsCandidates_LearnsPeerReflexiveAndConnects()
    {
        await using IceTestPeer controlled = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled });
        await using IceTestPeer controlling = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        // Like a browser whose candidates are mDNS names or not trickled yet: only its checks arrive.
        IceTestPeer.Exchange(controlled, controlling, candidatesToA: false, candidatesToB: true);

        controlled.Agent.Start();
        controlling.Agent.Start();
        await Task.WhenAll(controlled.Agent.WaitForStateAsync(IceConnectionState.Connected), controlling.Agent.WaitForStateAsync(IceConnectionState.Connected));

        IceCandidate learned = Assert.Single(controlled.Agent.RemoteCandidates);
        Assert.Equal(IceCandidateType.PeerReflexive, learned.Type);
        Assert.Equal(controlling.Mux.LocalEndPoint, learned.EndPoint);
        AssertAgreeOnPair(controlled, controlling);
    }

    [Fact]
    public async Task Send_AfterConnected_DtlsAndRtpReachThePeerSinkWithTheSenderEndPoint()
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled });
        await ConnectAsync(a, b);
        byte[] dtls = [22, 0xfe, 0xfd, 0, 0, 1, 2, 3];
        byte[] rtp = [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0xAA];
        byte[] rtcp = [0x80, 200, 0, 6, 0, 0, 0, 9];

        Assert.True(a.Agent.Send(dtls));
        Assert.True(a.Agent.Send(rtp));
        Assert.True(a.Agent.Send(rtcp));
        await b.Sink.WaitForDtlsAsync(1);
        await b.Sink.WaitForRtpAsync(2);

        (byte[] receivedDtls, IPEndPoint from) = Assert.Single(b.Sink.Dtls);
        Assert.Equal(dtls, receivedDtls);
        Assert.Equal(a.Mux.LocalEndPoint, from);
        Assert.Equal([rtp, rtcp], b.Sink.Rtp.Select(r => r.Data));
    }

    [Fact]
    public async Task Close_ConnectedAgent_StateClosedRegistrationRemovedAndSendRefused()
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled });
        await ConnectAsync(a, b);
        Task closed = b.Agent.WaitForStateAsync(IceConnectionState.Closed);

        b.Agent.Close();
        await closed;

        Assert.True(b.Registration.IsDisposed);
        Assert.Equal(0, b.Mux.RegistrationCount);
        Assert.Empty(b.Registration.BoundEndPoints);
        Assert.False(b.Agent.Send([22, 1, 2]));
    }

    internal static async Task ConnectAsync(IceTestPeer a, IceTestPeer b)
    {
        IceTestPeer.Exchange(a, b);
        a.Agent.Start();
        b.Agent.Start();
        await Task.WhenAll(a.Agent.WaitForStateAsync(IceConnectionState.Connected), b.Agent.WaitForStateAsync(IceConnectionState.Connected));
    }

    internal static void AssertAgreeOnPair(IceTestPeer a, IceTestPeer b)
    {
        Assert.Equal(b.Mux.LocalEndPoint, a.Agent.SelectedRemoteEndPoint);
        Assert.Equal(a.Mux.LocalEndPoint, b.Agent.SelectedRemoteEndPoint);
        // Each side saw the other's source address as mapped address.
        Assert.Equal(a.Mux.LocalEndPoint, a.Agent.SelectedPair!.MappedAddress);
        Assert.Equal(b.Mux.LocalEndPoint, b.Agent.SelectedPair!.MappedAddress);
    }
}
