using System.Net;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>An agent with its own (or a shared) mux on 127.0.0.1 and a recording sink.</summary>
internal sealed class IceTestPeer : IAsyncDisposable
{
    private readonly bool _ownsMux;

    private IceTestPeer(UdpMux mux, bool ownsMux, IceAgent agent, RecordingSink sink, UdpMuxRegistration registration)
    {
        Mux = mux;
        _ownsMux = ownsMux;
        Agent = agent;
        Sink = sink;
        Registration = registration;
    }

    public UdpMux Mux { get; }

    public IceAgent Agent { get; }

    public RecordingSink Sink { get; }

    public UdpMuxRegistration Registration { get; }

    public static UdpMux CreateLoopbackMux(UdpMuxOptions? options = null, IPAddress? bindAddress = null) =>
        new((options ?? new UdpMuxOptions()) with { BindAddress = bindAddress ?? IPAddress.Loopback, Port = 0 });

    public static async Task<IceTestPeer> CreateAsync(IceAgentOptions options, UdpMux? sharedMux = null, TimeProvider? time = null, UdpMuxOptions? muxOptions = null, IPAddress? bindAddress = null)
    {
        UdpMux mux = sharedMux ?? CreateLoopbackMux(muxOptions, bindAddress);
        var agent = new IceAgent(mux, options, time);
        var sink = new RecordingSink();
        UdpMuxRegistration registration = mux.Register(agent, sink);
        await agent.GatherAsync();
        return new IceTestPeer(mux, sharedMux is null, agent, sink, registration);
    }

    /// <summary>Signals credentials both ways and candidates in the directions asked for.</summary>
    public static void Exchange(IceTestPeer a, IceTestPeer b, bool candidatesToA = true, bool candidatesToB = true)
    {
        a.Agent.SetRemoteCredentials(b.Agent.LocalUsernameFragment, b.Agent.LocalPassword);
        b.Agent.SetRemoteCredentials(a.Agent.LocalUsernameFragment, a.Agent.LocalPassword);
        if (candidatesToA)
        {
            foreach (IceCandidate candidate in b.Agent.LocalCandidates)
            {
                // Through the SDP text form, as signalling would carry it.
                a.Agent.AddRemoteCandidate(IceCandidate.Parse(candidate.ToSdpAttributeValue()));
            }
        }

        if (candidatesToB)
        {
            foreach (IceCandidate candidate in a.Agent.LocalCandidates)
            {
                b.Agent.AddRemoteCandidate(IceCandidate.Parse(candidate.ToSdpAttributeValue()));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        if (_ownsMux)
        {
            await Mux.DisposeAsync();
        }
    }
}
