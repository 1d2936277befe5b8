using System.Net;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceAgentGatheringTests
{
    [Fact]
    public async Task GatherAsync_MuxOnLoopback_OneHostCandidateOnTheMuxPort()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var agent = new IceAgent(mux);
        using UdpMuxRegistration registration = mux.Register(agent, new Net.RecordingSink());

        IReadOnlyList<IceCandidate> candidates = await agent.GatherAsync();

        IceCandidate host = Assert.Single(candidates);
        Assert.Equal(IceCandidateType.Host, host.Type);
        Assert.Equal(mux.LocalEndPoint, host.EndPoint);
        Assert.Equal(IceCandidatePriority.ForCandidate(IceCandidateType.Host, 65535), host.Priority);
        Assert.Equal("udp", host.Transport);
    }

    [Fact]
    public async Task GatherAsync_MuxOnWildcard_UsesInterfaceAddressesAndLoopbackOnlyWhenAsked()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Any });
        await using var plain = new IceAgent(mux);
        await using var withLoopback = new IceAgent(mux, new IceAgentOptions { IncludeLoopback = true });
        using UdpMuxRegistration r1 = mux.Register(plain, new Net.RecordingSink());
        using UdpMuxRegistration r2 = mux.Register(withLoopback, new Net.RecordingSink());

        IReadOnlyList<IceCandidate> without = await plain.GatherAsync();
        IReadOnlyList<IceCandidate> with = await withLoopback.GatherAsync();

        Assert.NotEmpty(without);
        Assert.All(with, c => Assert.Equal(mux.LocalEndPoint.Port, c.Port));
        Assert.Contains(with, c => IPAddress.IsLoopback(c.IPAddress!));
        bool machineHasOtherInterfaces = without.Any(c => !IPAddress.IsLoopback(c.IPAddress!));
        if (machineHasOtherInterfaces)
        {
            Assert.DoesNotContain(without, c => IPAddress.IsLoopback(c.IPAddress!));
        }

        Assert.Equal(with.Count, with.Select(c => c.Priority).Distinct().Count());
    }

    [Fact]
    public async Task GatherAsync_StunServerAnswers_AddsServerReflexiveCandidateWithBase()
    {
        var publicAddress = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 61000);
        using var server = new TinyStunServer(publicAddress);
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var agent = new IceAgent(mux, new IceAgentOptions { StunServer = server.EndPoint });
        using UdpMuxRegistration registration = mux.Register(agent, new Net.RecordingSink());

        IReadOnlyList<IceCandidate> candidates = await agent.GatherAsync();

        Assert.Equal(2, candidates.Count);
        IceCandidate srflx = Assert.Single(candidates, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal(publicAddress, srflx.EndPoint);
        Assert.Equal("127.0.0.1", srflx.RelatedAddress);
        Assert.Equal(mux.LocalEndPoint.Port, srflx.RelatedPort);
        Assert.Equal(IceCandidatePriority.ForCandidate(IceCandidateType.ServerReflexive, 65535), srflx.Priority);
        Assert.Equal($"candidate:{srflx.Foundation} 1 udp {srflx.Priority} 203.0.113.9 61000 typ srflx raddr 127.0.0.1 rport {mux.LocalEndPoint.Port}", srflx.ToSdpAttributeValue());
        Assert.NotEqual(candidates.Single(c => c.Type == IceCandidateType.Host).Foundation, srflx.Foundation);
    }

    [Fact]
    public async Task GatherAsync_StunServerReportsHostAddress_RedundantCandidateDropped()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        using var server = new TinyStunServer(mux.LocalEndPoint);
        await using var agent = new IceAgent(mux, new IceAgentOptions { StunServer = server.EndPoint });
        using UdpMuxRegistration registration = mux.Register(agent, new Net.RecordingSink());

        IReadOnlyList<IceCandidate> candidates = await agent.GatherAsync();

        Assert.Equal(1, server.Requests);
        Assert.Equal(IceCandidateType.Host, Assert.Single(candidates).Type);
    }

    [Fact]
    public async Task GatherAsync_StunServerSilent_RetransmitsThenCompletesWithHostsAfterTimeout()
    {
        var time = new FakeTimeProvider();
        using var silent = new TinyStunServer(new IPEndPoint(IPAddress.Loopback, 1), answer: false);
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var agent = new IceAgent(mux, new IceAgentOptions { StunServer = silent.EndPoint, GatheringTimeout = TimeSpan.FromSeconds(3) }, time);
        using UdpMuxRegistration registration = mux.Register(agent, new Net.RecordingSink());

        Task<IReadOnlyList<IceCandidate>> gathering = agent.GatherAsync();
        (byte[] first, _) = await silent.Socket.ReceiveAsync();
        time.Advance(TimeSpan.FromMilliseconds(500));
        (byte[] second, _) = await silent.Socket.ReceiveAsync();
        Assert.False(gathering.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        IReadOnlyList<IceCandidate> candidates = await gathering.WaitAsync(Net.TestTimeouts.Network);

        StunMessage.TryParse(first, out StunMessage firstRequest);
        StunMessage.TryParse(second, out StunMessage secondRequest);
        Assert.Equal(firstRequest.TransactionId, secondRequest.TransactionId);
        Assert.False(firstRequest.HasUsername);
        Assert.Equal(IceCandidateType.Host, Assert.Single(candidates).Type);
    }

    [Fact]
    public async Task GatherAsync_NotRegistered_ThrowsInvalidOperation()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var agent = new IceAgent(mux);

        await Assert.ThrowsAsync<InvalidOperationException>(() => agent.GatherAsync());
    }
}
