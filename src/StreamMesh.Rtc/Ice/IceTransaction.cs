using System.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>An outstanding STUN request of an agent and its retransmission schedule (RFC 8489 §6.2.1).</summary>
internal sealed class IceTransaction(StunTransactionId id, IceTransactionKind kind, byte[] request, IPEndPoint destination)
{
    public StunTransactionId Id { get; } = id;

    public IceTransactionKind Kind { get; } = kind;

    /// <summary>The encoded request, kept for retransmissions.</summary>
    public byte[] Request { get; } = request;

    public IPEndPoint Destination { get; } = destination;

    public IceCandidatePair? Pair { get; init; }

    /// <summary>Role the agent had when sending, to act on a 487 only once (RFC 8445 §7.2.5.1).</summary>
    public IceRole RoleAtSend { get; init; }

    /// <summary>The request carried USE-CANDIDATE.</summary>
    public bool UseCandidate { get; init; }

    public TimeSpan Rto { get; init; }

    public int Transmissions { get; set; } = 1;

    /// <summary>When to retransmit next; <see cref="TimeSpan.MaxValue"/> when no more retransmissions.</summary>
    public TimeSpan NextRetransmitAt { get; set; } = TimeSpan.MaxValue;

    /// <summary>When the transaction times out.</summary>
    public TimeSpan GiveUpAt { get; set; } = TimeSpan.MaxValue;

    /// <summary>Completed by the response to a srflx query: the mapped address, or null on timeout.</summary>
    public TaskCompletionSource<IPEndPoint?>? ServerReflexiveResult { get; init; }

    public TimeSpan DueAt => NextRetransmitAt < GiveUpAt ? NextRetransmitAt : GiveUpAt;
}
