using System.Globalization;
using System.Net;

namespace StreamMesh.Rtc.Ice;

/// <summary>
/// A local/remote candidate pair of the check list (RFC 8445 §6.1.2). Owned and mutated by its
/// <see cref="IceAgent"/> under the agent's lock; reading from elsewhere gives a momentary view.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IceCandidate local, IceCandidate remote, SocketAddress remoteSocketAddress)
    {
        Local = local;
        Remote = remote;
        RemoteEndPoint = remote.EndPoint ?? throw new ArgumentException("A paired remote candidate needs an IP address.", nameof(remote));
        RemoteSocketAddress = remoteSocketAddress;
        State = IceCandidatePairState.Waiting;
    }

    /// <summary>
    /// The local candidate. All host candidates share the mux socket, whose source address the OS
    /// picks; this is the candidate of the same family the peer most likely sees.
    /// </summary>
    public IceCandidate Local { get; internal set; }

    /// <summary>The remote candidate.</summary>
    public IceCandidate Remote { get; internal set; }

    /// <summary>Where checks and media for this pair go.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Pair priority (RFC 8445 §6.1.2.3), recomputed on role change.</summary>
    public ulong Priority { get; internal set; }

    /// <summary>Check state.</summary>
    public IceCandidatePairState State { get; internal set; }

    /// <summary>Whether this pair was nominated (RFC 8445 §8).</summary>
    public bool Nominated { get; internal set; }

    /// <summary>Our address as the peer saw it (XOR-MAPPED-ADDRESS of the last success response).</summary>
    public IPEndPoint? MappedAddress { get; internal set; }

    /// <summary>Serialized remote endpoint for allocation-free sends.</summary>
    internal SocketAddress RemoteSocketAddress { get; }

    /// <summary>The check whose outcome decides this pair's state; superseded checks do not.</summary>
    internal IceTransaction? CurrentCheck { get; set; }

    /// <summary>Whether the pair sits in the triggered-check queue (RFC 8445 §6.1.4.1).</summary>
    internal bool IsTriggerQueued { get; set; }

    /// <summary>Controlling side: the next check on this pair carries USE-CANDIDATE.</summary>
    internal bool NominateOnNextCheck { get; set; }

    /// <summary>Controlled side: USE-CANDIDATE arrived before the pair was valid (RFC 8445 §7.3.1.5).</summary>
    internal bool NominateOnSuccess { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Local.Address}:{Local.Port} ({IceCandidate.TypeName(Local.Type)}) <-> {RemoteEndPoint} ({IceCandidate.TypeName(Remote.Type)}) {State}{(Nominated ? " nominated" : "")}");
}
