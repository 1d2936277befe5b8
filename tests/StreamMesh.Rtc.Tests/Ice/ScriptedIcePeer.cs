using System.Net;
using System.Text;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Stun;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// A hand-driven ICE peer on a raw socket, standing in for a browser: it sends exactly the checks and
/// responses a test asks for, so the agent's wire behaviour can be asserted message by message.
/// </summary>
internal sealed class ScriptedIcePeer : IDisposable
{
    public ScriptedIcePeer(string ufrag = "brws", string password = "browserPassword0123456789")
    {
        Ufrag = ufrag;
        Password = password;
    }

    public RawUdpPeer Socket { get; } = new();

    public string Ufrag { get; }

    public string Password { get; }

    public IPEndPoint EndPoint => Socket.EndPoint;

    public IceCandidate HostCandidate => new("1", 1, "udp", IceCandidatePriority.ForCandidate(IceCandidateType.Host, 65535), "127.0.0.1", EndPoint.Port, IceCandidateType.Host);

    /// <summary>Sends a connectivity check to <paramref name="agent"/>, signed with <paramref name="password"/> (default: the agent's).</summary>
    public StunTransactionId SendCheck(IceAgent agent, IPEndPoint to, bool controlling, ulong tieBreaker = 42, bool useCandidate = false, string? password = null)
    {
        var id = StunTransactionId.NewRandom();
        byte[] buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, id);
        writer.WriteIceUsername(agent.LocalUsernameFragment, Ufrag);
        writer.WritePriority(IceCandidatePriority.ForCandidate(IceCandidateType.PeerReflexive, 65535));
        if (controlling)
        {
            writer.WriteIceControlling(tieBreaker);
        }
        else
        {
            writer.WriteIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.WriteUseCandidate();
        }

        // What libwebrtc adds to its checks; must be ignored.
        writer.WriteAttribute(StunAttributeType.GoogNetworkInfo, [0, 1, 0, 10]);
        writer.WriteMessageIntegrity(Encoding.UTF8.GetBytes(password ?? agent.LocalPassword));
        writer.WriteFingerprint();
        Socket.Send(writer.Written, to);
        return id;
    }

    /// <summary>Answers a check the agent sent, signed with our password as RFC 8445 §7.3 requires.</summary>
    public void RespondSuccess(byte[] request, IPEndPoint to)
    {
        StunMessage.TryParse(request, out StunMessage message);
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageClass.SuccessResponse, StunMethod.Binding, message.TransactionId);
        writer.WriteXorMappedAddress(to);
        writer.WriteMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        writer.WriteFingerprint();
        Socket.Send(writer.Written, to);
    }

    /// <summary>The next datagram, which must be a STUN message.</summary>
    public async Task<(byte[] Data, IPEndPoint From)> ReceiveStunAsync(TimeSpan? timeout = null)
    {
        (byte[] data, IPEndPoint from) = await Socket.ReceiveAsync(timeout);
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(data, out _));
        return (data, from);
    }

    /// <summary>Receives until a message of <paramref name="messageClass"/> arrives (checks and responses interleave).</summary>
    public async Task<(byte[] Data, IPEndPoint From)> ReceiveStunAsync(StunMessageClass messageClass, TimeSpan? timeout = null)
    {
        while (true)
        {
            (byte[] data, IPEndPoint from) = await ReceiveStunAsync(timeout);
            StunMessage.TryParse(data, out StunMessage message);
            if (message.Class == messageClass)
            {
                return (data, from);
            }
        }
    }

    public void Dispose() => Socket.Dispose();
}
