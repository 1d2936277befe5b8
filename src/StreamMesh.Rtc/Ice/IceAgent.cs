using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component (RTP/RTCP muxed), working over
/// the shared <see cref="UdpMux"/>, plus consent freshness (RFC 7675) once connected.
/// </summary>
/// <remarks>
/// <para>Use: create it with the node's mux, <see cref="UdpMux.Register"/> it with the connection's sink,
/// <see cref="GatherAsync"/> and signal <see cref="LocalCandidates"/> and the local credentials; then give
/// it the peer's <see cref="SetRemoteCredentials"/> and <see cref="AddRemoteCandidate"/>s (any order,
/// trickled or not) and <see cref="Start"/>. When <see cref="State"/> becomes Connected, send DTLS and
/// SRTP with <see cref="Send"/>; report authenticated inbound media with <see cref="ReportMediaReceived"/>.</para>
/// <para>Threading: all state is guarded by one lock. Incoming STUN is processed on the mux receive
/// loop, timers (from the <see cref="TimeProvider"/>: one timer per agent, no thread) on the thread
/// pool; both send synchronously through the mux. <see cref="StateChanged"/> is raised on the thread
/// pool, in order and never concurrently, so handlers may call back into the agent.</para>
/// <para>Not supported: ICE restart, TURN relays, TCP candidates, mDNS resolution (such candidates are
/// ignored; the peer's checks still reveal it as peer-reflexive), multiple components.</para>
/// </remarks>
public sealed partial class IceAgent : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly object _eventGate = new();
    private readonly IceAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _epoch;
    private readonly ITimer _timer;
    private readonly byte[] _localKey;
    private readonly byte[] _scratch = new byte[IceStunEncoder.MaxMessageSize];
    private readonly List<IceCandidate> _localCandidates = [];
    private readonly IceCheckList _checkList = new();
    private readonly Dictionary<StunTransactionId, IceTransaction> _transactions = [];
    private readonly List<IceTransaction> _dueTransactions = [];
    private readonly IceConsentMonitor _consent;
    private readonly Queue<IceConnectionState> _pendingEvents = new();
    private UdpMuxRegistration? _registration;
    private string? _remoteUfrag;
    private byte[]? _remoteKey;
    private IceRole _role;
    private IceConnectionState _state = IceConnectionState.New;
    private IceCandidatePair? _selected;
    private IceCandidatePair? _nominating;
    private bool _started;
    private bool _hostsGathered;
    private TimeSpan _startedAt;
    private TimeSpan _nextPacedCheckAt;
    private TimeSpan? _firstValidAt;
    private long _mediaReceivedAt = long.MinValue;
    private long _mediaFoldedAt = long.MinValue;
    private int _eventDispatchQueued;
    private int _sendState; // mirrors _state for the lock-free Send path

    /// <summary>Creates an agent that will send and receive through <paramref name="mux"/>.</summary>
    /// <param name="mux">The node's socket; the agent must then be registered on it.</param>
    /// <param name="options">Role, credentials and timers; null for defaults (controlled, generated credentials).</param>
    /// <param name="timeProvider">Clock and timers; tests pass a FakeTimeProvider.</param>
    /// <param name="logger">Optional logger.</param>
    public IceAgent(UdpMux mux, IceAgentOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(mux);
        options ??= new IceAgentOptions();
        options.Validate();
        Mux = mux;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _epoch = _time.GetTimestamp();
        _role = options.Role;
        LocalUsernameFragment = options.LocalUsernameFragment ?? IceCredentials.GenerateUsernameFragment();
        LocalPassword = options.LocalPassword ?? IceCredentials.GeneratePassword();
        TieBreaker = options.TieBreaker ?? IceCredentials.GenerateTieBreaker();
        _localKey = Encoding.UTF8.GetBytes(LocalPassword);
        _consent = new IceConsentMonitor(options);
        _timer = _time.CreateTimer(static state => ((IceAgent)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised after <see cref="State"/> changes, on the thread pool, in order.</summary>
    public event EventHandler<IceConnectionState>? StateChanged;

    /// <summary>The mux this agent sends and receives through.</summary>
    public UdpMux Mux { get; }

    /// <summary>Local ice-ufrag, to signal to the peer.</summary>
    public string LocalUsernameFragment { get; }

    /// <summary>Local ice-pwd, to signal to the peer.</summary>
    public string LocalPassword { get; }

    /// <summary>This agent's tie-breaker (RFC 8445 §6.1.1).</summary>
    public ulong TieBreaker { get; }

    /// <summary>The current role; it can change once, on a role conflict.</summary>
    public IceRole Role
    {
        get
        {
            lock (_gate)
            {
                return _role;
            }
        }
    }

    /// <summary>The current state.</summary>
    public IceConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The selected (nominated) pair, once connected.</summary>
    public IceCandidatePair? SelectedPair
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    /// <summary>Where DTLS and SRTP go: the remote endpoint of the selected pair.</summary>
    public IPEndPoint? SelectedRemoteEndPoint => SelectedPair?.RemoteEndPoint;

    /// <summary>A snapshot of the local candidates gathered so far.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (_gate)
            {
                return [.. _localCandidates];
            }
        }
    }

    /// <summary>A snapshot of the remote candidates, signalled and peer-reflexive.</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates
    {
        get
        {
            lock (_gate)
            {
                return [.. _checkList.RemoteCandidates];
            }
        }
    }

    /// <summary>A snapshot of the check list, highest priority first.</summary>
    public IReadOnlyList<IceCandidatePair> CandidatePairs
    {
        get
        {
            lock (_gate)
            {
                return [.. _checkList.Pairs];
            }
        }
    }

    /// <summary>
    /// Gathers host candidates and, when <see cref="IceAgentOptions.StunServer"/> is set, a
    /// server-reflexive one (waiting at most <see cref="IceAgentOptions.GatheringTimeout"/>). Returns all
    /// local candidates. The agent must be registered on its mux first.
    /// </summary>
    public async Task<IReadOnlyList<IceCandidate>> GatherAsync(CancellationToken cancellationToken = default)
    {
        Task<IPEndPoint?>? query = null;
        lock (_gate)
        {
            ThrowIfUnusable();
            EnsureHostCandidates();
            if (_options.StunServer is not null)
            {
                query = StartServerReflexiveQuery(_options.StunServer, Now);
            }
        }

        if (query is not null)
        {
            IPEndPoint? mapped;
            using (cancellationToken.Register(static state => ((IceAgent)state!).CancelServerReflexiveQueries(), this))
            {
                mapped = await query.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                if (mapped is not null)
                {
                    AddServerReflexiveCandidate(mapped, _options.StunServer!);
                }
                else
                {
                    IceAgentLog.ServerReflexiveTimedOut(_logger, LocalUsernameFragment, _options.StunServer!);
                }
            }
        }

        return LocalCandidates;
    }

    /// <summary>The peer's ice-ufrag and ice-pwd. Queued triggered checks go out once they are known.</summary>
    /// <exception cref="ArgumentException">Not valid ice-chars of the RFC 8839 lengths.</exception>
    /// <exception cref="InvalidOperationException">Different credentials were set before (ICE restart is not supported).</exception>
    public void SetRemoteCredentials(string usernameFragment, string password)
    {
        if (!IceCredentials.IsValidUsernameFragment(usernameFragment))
        {
            throw new ArgumentException("The remote ufrag must be 4–256 ice-chars.", nameof(usernameFragment));
        }

        if (!IceCredentials.IsValidPassword(password))
        {
            throw new ArgumentException("The remote password must be 22–256 ice-chars.", nameof(password));
        }

        lock (_gate)
        {
            byte[] key = Encoding.UTF8.GetBytes(password);
            if (_remoteUfrag is not null)
            {
                if (_remoteUfrag == usernameFragment && key.AsSpan().SequenceEqual(_remoteKey))
                {
                    return;
                }

                throw new InvalidOperationException("Remote credentials are already set; ICE restart is not supported.");
            }

            _remoteUfrag = usernameFragment;
            _remoteKey = key;
            ServiceWork(Now);
        }

        DispatchEvents();
    }

    /// <summary>
    /// Adds a signalled remote candidate and pairs it. Returns false — never throws — for candidates this
    /// agent cannot use: non-UDP, a component other than 1, an unresolved hostname (mDNS), an address
    /// family the mux socket cannot reach, duplicates, or a closed agent.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        bool added;
        lock (_gate)
        {
            added = AddRemoteCandidateLocked(candidate);
            if (added)
            {
                ServiceWork(Now);
            }
        }

        DispatchEvents();
        return added;
    }

    /// <summary>Starts connectivity checks (New → Checking). Idempotent.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_started)
            {
                return;
            }

            _started = true;
            _startedAt = Now;
            _nextPacedCheckAt = _startedAt;
            EnsureHostCandidates();
            SetState(IceConnectionState.Checking);
            ServiceWork(_startedAt);
        }

        DispatchEvents();
    }

    /// <summary>
    /// Sends a datagram (DTLS, SRTP) to the selected pair without allocating. False when no pair is
    /// selected, consent is lost (RFC 7675 §5.1: stop sending), or the socket refused it.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        IceCandidatePair? pair = Volatile.Read(ref _selected);
        IceConnectionState state = (IceConnectionState)Volatile.Read(ref _sendState);
        if (pair is null || state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return false;
        }

        return Mux.Send(datagram, pair.RemoteSocketAddress);
    }

    /// <summary>
    /// The selected pair's remote address for a batched send (<see cref="UdpDatagramBatch"/>), under
    /// the same rules as <see cref="Send"/>: none before selection or after consent is lost.
    /// </summary>
    internal SocketAddress? SendAddress
    {
        get
        {
            IceCandidatePair? pair = Volatile.Read(ref _selected);
            IceConnectionState state = (IceConnectionState)Volatile.Read(ref _sendState);
            return pair is null || state is IceConnectionState.Failed or IceConnectionState.Closed ? null : pair.RemoteSocketAddress;
        }
    }

    /// <summary>
    /// Tells the agent that authenticated media arrived from the peer. Lock-free and allocation-free;
    /// call per packet if convenient. Keeps the connection out of Disconnected (not a substitute for consent).
    /// </summary>
    public void ReportMediaReceived() => Volatile.Write(ref _mediaReceivedAt, _time.GetTimestamp());

    /// <summary>Stops all checks and timers, removes the mux registration; state becomes Closed. Idempotent.</summary>
    public void Close()
    {
        TaskCompletionSource<IPEndPoint?>[] pendingQueries;
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                return;
            }

            _consent.Stop();
            pendingQueries = DropAllTransactions();
            _registration?.Dispose();
            SetState(IceConnectionState.Closed);
        }

        _timer.Dispose();
        foreach (TaskCompletionSource<IPEndPoint?> query in pendingQueries)
        {
            query.TrySetResult(null);
        }

        DispatchEvents();
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Called by <see cref="UdpMux.Register"/>.</summary>
    internal void AttachRegistration(UdpMuxRegistration registration)
    {
        lock (_gate)
        {
            if (_state == IceConnectionState.Closed)
            {
                throw new ObjectDisposedException(nameof(IceAgent));
            }

            if (_registration is not null)
            {
                throw new InvalidOperationException("The agent is already registered on its mux.");
            }

            _registration = registration;
        }
    }

    /// <summary>Time since the agent was created, on the agent's clock.</summary>
    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_state == IceConnectionState.Closed, this);
        if (_registration is null)
        {
            throw new InvalidOperationException("Register the agent on its UdpMux (UdpMux.Register) first.");
        }
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        Volatile.Write(ref _sendState, (int)state);
        _pendingEvents.Enqueue(state);
        IceAgentLog.StateChanged(_logger, LocalUsernameFragment, state);
    }

    /// <summary>Raises queued state changes on the thread pool; never on the mux loop or under the lock.</summary>
    private void DispatchEvents()
    {
        lock (_gate)
        {
            if (_pendingEvents.Count == 0 || _eventDispatchQueued != 0)
            {
                return;
            }

            _eventDispatchQueued = 1;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static agent => agent.RaiseEvents(), this, preferLocal: false);
    }

    private void RaiseEvents()
    {
        lock (_eventGate)
        {
            while (true)
            {
                IceConnectionState state;
                lock (_gate)
                {
                    if (!_pendingEvents.TryDequeue(out state))
                    {
                        _eventDispatchQueued = 0;
                        return;
                    }
                }

                try
                {
                    StateChanged?.Invoke(this, state);
                }
#pragma warning disable CA1031 // A subscriber's bug must not stop later notifications.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    IceAgentLog.StateHandlerFailed(_logger, LocalUsernameFragment, ex);
                }
            }
        }
    }
}
