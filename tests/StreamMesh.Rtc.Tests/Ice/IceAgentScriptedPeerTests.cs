using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Stun;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// The agent against a hand-driven peer on a raw socket: message contents, authentication, role
/// conflicts and retransmissions, with a FakeTimeProvider driving the agent's timers.
/// </summary>
public class IceAgentScriptedPeerTests
{
    [Fact]
    public async Task ProcessStun_CheckWithWrongPassword_Rejected401WithoutBindingAndCounted()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());
        using var peer = new ScriptedIcePeer();

        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, password: "notTheAgentsPassword0123");
        (byte[] reply, _) = await peer.ReceiveStunAsync();
        // DTLS from the unauthenticated endpoint, then a second bad check as a sentinel for ordering.
        peer.Socket.Send([22, 0xfe, 0xfd, 0, 1], agent.Mux.LocalEndPoint);
        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, password: "notTheAgentsPassword0123");
        await peer.ReceiveStunAsync();

        StunMessage.TryParse(reply, out StunMessage error);
        Assert.Equal(StunMessageClass.ErrorResponse, error.Class);
        Assert.True(error.TryGetErrorCode(out int code));
        Assert.Equal(StunErrorCodes.Unauthenticated, code);
        Assert.False(error.HasMessageIntegrity);
        UdpMuxCounters counters = agent.Mux.Counters;
        Assert.Equal(2, counters.DroppedUnauthenticated);
        Assert.Equal(1, counters.DroppedUnroutable);
        Assert.Empty(agent.Sink.Dtls);
        Assert.Empty(agent.Registration.BoundEndPoints);
        Assert.Empty(agent.Agent.RemoteCandidates);
    }

    [Fact]
    public async Task ProcessStun_AuthenticatedCheck_AnsweredWithMappedAddressAndEndPointBound()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());
        using var peer = new ScriptedIcePeer();

        StunTransactionId id = peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true);
        (byte[] reply, IPEndPoint from) = await peer.ReceiveStunAsync();
        peer.Socket.Send([22, 0xfe, 0xfd, 0, 1], agent.Mux.LocalEndPoint);
        await agent.Sink.WaitForDtlsAsync(1);

        Assert.Equal(agent.Mux.LocalEndPoint, from);
        StunMessage.TryParse(reply, out StunMessage response);
        Assert.Equal(StunMessageClass.SuccessResponse, response.Class);
        Assert.Equal(id, response.TransactionId);
        Assert.True(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(agent.Agent.LocalPassword)));
        Assert.True(response.HasFingerprint);
        Assert.True(response.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(peer.EndPoint, mapped);
        Assert.Equal(peer.EndPoint, Assert.Single(agent.Registration.BoundEndPoints));
        IceCandidate learned = Assert.Single(agent.Agent.RemoteCandidates);
        Assert.Equal(IceCandidateType.PeerReflexive, learned.Type);
        Assert.Equal(IceCandidatePriority.ForCandidate(IceCandidateType.PeerReflexive, 65535), learned.Priority);
    }

    [Fact]
    public async Task SetRemoteCredentials_AfterChecksArrived_TriggeredCheckSentAndUseCandidateSelectsPair()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled, TieBreaker = 7 }, time: time);
        using var peer = new ScriptedIcePeer();
        agent.Agent.Start();

        // The browser's check arrives before its answer/offer does: it is answered at once.
        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, useCandidate: true);
        (byte[] first, _) = await peer.ReceiveStunAsync();
        StunMessage.TryParse(first, out StunMessage firstResponse);
        Assert.Equal(StunMessageClass.SuccessResponse, firstResponse.Class);
        Assert.Equal(IceConnectionState.Checking, agent.Agent.State);

        agent.Agent.SetRemoteCredentials(peer.Ufrag, peer.Password);
        (byte[] check, IPEndPoint from) = await peer.ReceiveStunAsync(StunMessageClass.Request);

        StunMessage.TryParse(check, out StunMessage request);
        Assert.Equal($"{peer.Ufrag}:{agent.Agent.LocalUsernameFragment}", Encoding.UTF8.GetString(request.Username));
        Assert.True(request.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(peer.Password)));
        Assert.True(request.HasFingerprint);
        Assert.True(request.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(7ul, tieBreaker);
        Assert.False(request.HasUseCandidate);
        Assert.True(request.TryGetPriority(out uint priority));
        Assert.Equal(110, (int)(priority >> 24)); // peer-reflexive type preference (RFC 8445 §7.1.1)

        peer.RespondSuccess(check, from);
        await agent.Agent.WaitForStateAsync(IceConnectionState.Connected);
        Assert.Equal(peer.EndPoint, agent.Agent.SelectedRemoteEndPoint);
        Assert.True(agent.Agent.SelectedPair!.Nominated);
    }

    [Fact]
    public async Task ProcessStun_ControllingPeerWithLargerTieBreaker_AgentBecomesControlled()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling, TieBreaker = 10 });
        using var peer = new ScriptedIcePeer();

        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, tieBreaker: 20);
        (byte[] reply, _) = await peer.ReceiveStunAsync();

        StunMessage.TryParse(reply, out StunMessage response);
        Assert.Equal(StunMessageClass.SuccessResponse, response.Class);
        Assert.Equal(IceRole.Controlled, agent.Agent.Role);
    }

    [Fact]
    public async Task ProcessStun_ControllingPeerWithSmallerTieBreaker_Answers487AndKeepsRole()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling, TieBreaker = 30 });
        using var peer = new ScriptedIcePeer();

        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, tieBreaker: 20);
        (byte[] reply, _) = await peer.ReceiveStunAsync();

        StunMessage.TryParse(reply, out StunMessage response);
        Assert.Equal(StunMessageClass.ErrorResponse, response.Class);
        Assert.True(response.TryGetErrorCode(out int code));
        Assert.Equal(StunErrorCodes.RoleConflict, code);
        Assert.True(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(agent.Agent.LocalPassword)));
        Assert.Equal(IceRole.Controlling, agent.Agent.Role);
        Assert.Empty(agent.Agent.RemoteCandidates);
    }

    [Fact]
    public async Task ProcessStun_487ResponseToOurCheck_SwitchesRoleAndRetriesAsControlled()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling }, time: time);
        using var peer = new ScriptedIcePeer();
        agent.Agent.SetRemoteCredentials(peer.Ufrag, peer.Password);
        agent.Agent.AddRemoteCandidate(peer.HostCandidate);

        agent.Agent.Start();
        (byte[] check, IPEndPoint from) = await peer.ReceiveStunAsync(StunMessageClass.Request);
        StunTransactionId firstId = AssertControllingCheck(check);
        SendRoleConflict(peer, firstId, from);
        await WaitForRoleAsync(agent.Agent, IceRole.Controlled);
        time.Advance(TimeSpan.FromMilliseconds(50));
        (byte[] retry, _) = await peer.ReceiveStunAsync(StunMessageClass.Request);

        StunMessage.TryParse(retry, out StunMessage second);
        Assert.NotEqual(firstId, second.TransactionId);
        Assert.True(second.TryGetIceControlled(out _));
        Assert.False(second.TryGetIceControlling(out _));
    }

    [Fact]
    public async Task Start_UnansweredCheck_RetransmittedOnRtoScheduleThenPairFails()
    {
        var time = new FakeTimeProvider();
        var options = new IceAgentOptions { Role = IceRole.Controlling, InitialRto = TimeSpan.FromMilliseconds(500), MaxRetransmissions = 2, CheckingTimeout = TimeSpan.FromSeconds(60) };
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(options, time: time);
        using var peer = new ScriptedIcePeer();
        agent.Agent.SetRemoteCredentials(peer.Ufrag, peer.Password);
        agent.Agent.AddRemoteCandidate(peer.HostCandidate);

        agent.Agent.Start();
        StunTransactionId original = await ReceiveCheckIdAsync(peer);
        time.Advance(TimeSpan.FromMilliseconds(500));   // RTO
        StunTransactionId second = await ReceiveCheckIdAsync(peer);
        time.Advance(TimeSpan.FromMilliseconds(1000));  // 2 × RTO
        StunTransactionId third = await ReceiveCheckIdAsync(peer);
        Assert.Equal(IceCandidatePairState.InProgress, Assert.Single(agent.Agent.CandidatePairs).State);
        time.Advance(TimeSpan.FromSeconds(8));          // Rm × RTO after the last transmission (RFC 8489 §6.2.1)

        Assert.Equal(original, second);
        Assert.Equal(original, third);
        Assert.Equal(IceCandidatePairState.Failed, Assert.Single(agent.Agent.CandidatePairs).State);
        Assert.Equal(IceConnectionState.Checking, agent.Agent.State);
        time.Advance(TimeSpan.FromSeconds(51));         // CheckingTimeout
        Assert.Equal(IceConnectionState.Failed, agent.Agent.State);
    }

    [Fact]
    public async Task AddRemoteCandidate_TcpMdnsAndOtherComponent_IgnoredWithoutException()
    {
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions());

        Assert.False(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active")));
        Assert.False(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:2 1 udp 2122260223 4ee9bc1b-6b11-4e5a-9ab5-0ccd7e0b1c7a.local 54321 typ host generation 0")));
        Assert.False(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:3 2 udp 2122260222 127.0.0.1 5001 typ host")));
        Assert.False(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:4 1 udp 2122260223 ::1 5002 typ host")));
        Assert.True(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:5 1 udp 2122260223 127.0.0.1 5003 typ host")));
        Assert.False(agent.Agent.AddRemoteCandidate(IceCandidate.Parse("candidate:5 1 udp 2122260223 127.0.0.1 5003 typ host")));

        Assert.Single(agent.Agent.CandidatePairs);
    }

    internal static async Task ConnectScriptedAsync(IceTestPeer agent, ScriptedIcePeer peer)
    {
        agent.Agent.SetRemoteCredentials(peer.Ufrag, peer.Password);
        agent.Agent.Start();
        peer.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: true, useCandidate: true);
        (byte[] check, IPEndPoint from) = await peer.ReceiveStunAsync(StunMessageClass.Request);
        peer.RespondSuccess(check, from);
        await agent.Agent.WaitForStateAsync(IceConnectionState.Connected);
    }

    private static StunTransactionId AssertControllingCheck(byte[] check)
    {
        StunMessage.TryParse(check, out StunMessage message);
        Assert.True(message.TryGetIceControlling(out _));
        return message.TransactionId;
    }

    private static async Task<StunTransactionId> ReceiveCheckIdAsync(ScriptedIcePeer peer)
    {
        (byte[] data, _) = await peer.ReceiveStunAsync(StunMessageClass.Request);
        StunMessage.TryParse(data, out StunMessage message);
        return message.TransactionId;
    }

    private static void SendRoleConflict(ScriptedIcePeer peer, StunTransactionId id, IPEndPoint to)
    {
        byte[] buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageClass.ErrorResponse, StunMethod.Binding, id);
        writer.WriteErrorCode(StunErrorCodes.RoleConflict);
        writer.WriteMessageIntegrity(Encoding.UTF8.GetBytes(peer.Password));
        writer.WriteFingerprint();
        peer.Socket.Send(writer.Written, to);
    }

    private static async Task WaitForRoleAsync(IceAgent agent, IceRole role)
    {
        // The role has no event of its own; the switch happens while the mux loop handles the 487,
        // which is strictly before it handles this sentinel check and answers it.
        using var sentinel = new ScriptedIcePeer("snt1", "sentinelPassword012345678");
        sentinel.SendCheck(agent, agent.Mux.LocalEndPoint, controlling: role == IceRole.Controlling, tieBreaker: role == IceRole.Controlling ? 0 : ulong.MaxValue);
        await sentinel.ReceiveStunAsync();
        Assert.Equal(role, agent.Role);
    }
}
