using System.Net;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// One peer connection's place on a <see cref="UdpMux"/>: its ICE agent (reached by local ufrag and by
/// the transaction IDs it has outstanding) and its sink (reached by the remote endpoints the agent
/// validated). Disposing it removes all three kinds of routes; the agent disposes it when closed.
/// </summary>
public sealed class UdpMuxRegistration : IDisposable
{
    private readonly UdpMux _mux;
    private readonly Lock _gate = new();
    private readonly HashSet<StunTransactionId> _transactions = [];
    private readonly List<UdpMuxEndPointBinding> _bindings = [];
    private int _disposed;

    internal UdpMuxRegistration(UdpMux mux, IceAgent agent, IUdpMuxSink sink)
    {
        _mux = mux;
        Agent = agent;
        Sink = sink;
        UsernameFragment = agent.LocalUsernameFragment;
    }

    /// <summary>The ICE agent that receives STUN for this connection.</summary>
    public IceAgent Agent { get; }

    /// <summary>The sink that receives DTLS and SRTP for this connection.</summary>
    public IUdpMuxSink Sink { get; }

    /// <summary>The local ufrag incoming checks are routed by.</summary>
    public string UsernameFragment { get; }

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Remote endpoints currently routed to this registration (diagnostics; allocates).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints
    {
        get
        {
            lock (_gate)
            {
                var result = new List<IPEndPoint>(_bindings.Count);
                foreach (UdpMuxEndPointBinding binding in _bindings)
                {
                    if (_mux.IsCurrentBinding(binding))
                    {
                        result.Add(binding.EndPoint);
                    }
                }

                return result;
            }
        }
    }

    /// <summary>Removes every route to this connection. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StunTransactionId[] transactions;
        UdpMuxEndPointBinding[] bindings;
        lock (_gate)
        {
            transactions = [.. _transactions];
            bindings = [.. _bindings];
            _transactions.Clear();
            _bindings.Clear();
        }

        _mux.Unregister(this, transactions, bindings);
    }

    /// <summary>Routes responses carrying <paramref name="id"/> to this registration's agent.</summary>
    internal void TrackTransaction(StunTransactionId id)
    {
        if (IsDisposed)
        {
            return;
        }

        lock (_gate)
        {
            _transactions.Add(id);
        }

        _mux.AddTransactionRoute(id, this);
    }

    /// <summary>Stops routing responses carrying <paramref name="id"/>.</summary>
    internal void ForgetTransaction(StunTransactionId id)
    {
        lock (_gate)
        {
            _transactions.Remove(id);
        }

        _mux.RemoveTransactionRoute(id, this);
    }

    /// <summary>
    /// Routes DTLS and SRTP from <paramref name="remote"/> to <see cref="Sink"/>; called by the agent
    /// when a check from the endpoint authenticates or a check to it succeeds.
    /// </summary>
    internal void BindRemote(IPEndPoint remote)
    {
        if (!IsDisposed)
        {
            _mux.Bind(this, remote);
        }
    }

    internal void AddBinding(UdpMuxEndPointBinding binding)
    {
        lock (_gate)
        {
            _bindings.RemoveAll(b => b.EndPoint.Equals(binding.EndPoint));
            _bindings.Add(binding);
        }
    }
}
