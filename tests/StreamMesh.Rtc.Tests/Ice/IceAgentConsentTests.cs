using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// Consent freshness (RFC 7675) and the Disconnected heuristic: real sockets, the agent under test on a
/// FakeTimeProvider so that 30 seconds pass in an instant.
/// </summary>
public class IceAgentConsentTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Consent_PeerMuxDisposed_DisconnectedThenFailedAtConsentTimeout()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer underTest = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, time: time);
        IceTestPeer peer = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        // Only the peer learns candidates: the agent on frozen time needs no timer of its own to connect.
        IceTestPeer.Exchange(underTest, peer, candidatesToA: false, candidatesToB: true);
        underTest.Agent.Start();
        peer.Agent.Start();
        await Task.WhenAll(underTest.Agent.WaitForStateAsync(IceConnectionState.Connected), peer.Agent.WaitForStateAsync(IceConnectionState.Connected));

        await peer.DisposeAsync();
        var states = new List<(int Second, IceConnectionState State)>();
        for (int s = 1; s <= 32; s++)
        {
            time.Advance(Second);
            states.Add((s, underTest.Agent.State));
        }

        // Nothing is sent before 4 s (5 s − 20 %); after the first unanswered check 5 s of silence make
        // it Disconnected; consent expires 30 s after the last response.
        Assert.All(states.Where(x => x.Second <= 3), x => Assert.Equal(IceConnectionState.Connected, x.State));
        Assert.Equal(IceConnectionState.Disconnected, states.Single(x => x.Second == 12).State);
        Assert.Equal(IceConnectionState.Disconnected, states.Single(x => x.Second == 29).State);
        Assert.Equal(IceConnectionState.Failed, states.Single(x => x.Second == 30).State);
        Assert.False(underTest.Agent.Send([22, 1]));
    }

    [Fact]
    public async Task Consent_PeerStopsAnsweringThenAnswersAgain_DisconnectedThenConnected()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, time: time);
        using var peer = new ScriptedIcePeer();
        await IceAgentScriptedPeerTests.ConnectScriptedAsync(agent, peer);

        for (int s = 0; s < 12; s++)
        {
            time.Advance(Second);
        }

        Assert.Equal(IceConnectionState.Disconnected, agent.Agent.State);
        Task reconnected = agent.Agent.WaitForStateAsync(IceConnectionState.Connected);
        // Answer the next consent probe: a check signed for us, with the agent's role and no nomination.
        time.Advance(TimeSpan.FromMilliseconds(500));
        (byte[] probe, IPEndPoint from) = await ReceiveLatestRequestAsync(peer);
        StunMessage.TryParse(probe, out StunMessage request);
        Assert.True(request.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(peer.Password)));
        Assert.True(request.TryGetIceControlled(out _));
        Assert.False(request.HasUseCandidate);
        peer.RespondSuccess(probe, from);
        await reconnected;

        Assert.Equal(IceConnectionState.Connected, agent.Agent.State);
    }

    [Fact]
    public async Task ReportMediaReceived_WithoutConsentResponses_StaysConnectedButConsentStillExpires()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, time: time);
        using var peer = new ScriptedIcePeer();
        await IceAgentScriptedPeerTests.ConnectScriptedAsync(agent, peer);

        var states = new List<IceConnectionState>();
        for (int s = 1; s <= 29; s++)
        {
            agent.Agent.ReportMediaReceived();
            time.Advance(Second);
            states.Add(agent.Agent.State);
        }

        agent.Agent.ReportMediaReceived();
        time.Advance(Second);

        // Media keeps it out of Disconnected; only authenticated STUN renews consent (RFC 7675 §5.1).
        Assert.All(states, s => Assert.Equal(IceConnectionState.Connected, s));
        Assert.Equal(IceConnectionState.Failed, agent.Agent.State);
    }

    [Fact]
    public async Task ReportMediaReceived_WhileDisconnected_ReturnsToConnected()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, time: time);
        using var peer = new ScriptedIcePeer();
        await IceAgentScriptedPeerTests.ConnectScriptedAsync(agent, peer);
        for (int s = 0; s < 12; s++)
        {
            time.Advance(Second);
        }

        Assert.Equal(IceConnectionState.Disconnected, agent.Agent.State);

        agent.Agent.ReportMediaReceived();
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(IceConnectionState.Connected, agent.Agent.State);
    }

    [Fact]
    public async Task Consent_PeerAnswersEveryCheck_StaysConnectedWellPastConsentTimeout()
    {
        var time = new FakeTimeProvider();
        await using IceTestPeer agent = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, time: time);
        using var peer = new ScriptedIcePeer();
        await IceAgentScriptedPeerTests.ConnectScriptedAsync(agent, peer);

        int answered = 0;
        for (int step = 0; step < 12; step++)
        {
            // Jump to the next consent check (at most 6 s away), answer it, repeat: 72 s in total.
            time.Advance(TimeSpan.FromSeconds(6));
            (byte[] check, IPEndPoint from) = await ReceiveLatestRequestAsync(peer);
            peer.RespondSuccess(check, from);
            await SentinelAsync(agent);
            answered++;
            Assert.Equal(IceConnectionState.Connected, agent.Agent.State);
        }

        Assert.Equal(12, answered);
    }

    /// <summary>
    /// Drains the socket and returns the most recent request; older probes may be waiting in the queue.
    /// </summary>
    private static async Task<(byte[] Data, IPEndPoint From)> ReceiveLatestRequestAsync(ScriptedIcePeer peer)
    {
        (byte[] Data, IPEndPoint From) latest = await peer.ReceiveStunAsync(StunMessageClass.Request);
        while (true)
        {
            try
            {
                latest = await peer.ReceiveStunAsync(StunMessageClass.Request, TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
                return latest;
            }
        }
    }

    /// <summary>Waits until the mux has processed everything the peer sent before (same path, in order).</summary>
    private static async Task SentinelAsync(IceTestPeer agent)
    {
        using var sentinel = new ScriptedIcePeer("snt2", "sentinelPassword012345678");
        sentinel.SendCheck(agent.Agent, agent.Mux.LocalEndPoint, controlling: false, tieBreaker: ulong.MaxValue);
        await sentinel.ReceiveStunAsync();
    }
}
