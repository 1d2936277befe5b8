namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Bounded admission for BouncyCastle's blocking DTLS handshakes.
/// </summary>
/// <remarks>
/// <para>
/// Why this exists: <c>DtlsClientProtocol.Connect</c> and <c>DtlsServerProtocol.Accept</c> are
/// synchronous; they occupy their thread for the whole handshake, most of it waiting for the
/// peer's next flight (one or more round trips, seconds when datagrams are lost). Running each on a
/// dedicated thread costs a thread per connection; running them unbounded on the thread pool lets a
/// burst of joins park every pool thread in a wait and starve the socket receive loops that would
/// deliver the very datagrams they wait for. So handshakes run as ordinary thread-pool work, but at
/// most <see cref="SlotsPerRole"/> per role at once; the rest wait asynchronously (no thread held).
/// The constructor raises the pool's minimum by the number of slots so parked handshakes never eat
/// into the pool capacity the rest of the process expects.
/// </para>
/// <para>
/// Why per role: when both ends of a connection live in one process (tests, <c>streammesh demo</c>,
/// relays chained on one host) a single pool can deadlock — every slot taken by clients whose
/// servers are queued behind them. Clients and servers therefore have separate slots, and a server
/// asks for a slot only after its first datagram arrived (see <see cref="DtlsTransport"/>), i.e.
/// once its client is already running. Every admitted server can then progress, so queues drain.
/// </para>
/// <para>
/// Cost: an admitted handshake holds its slot until it ends, including while a silent or lossy peer
/// makes it wait (bounded by <see cref="DtlsTransportOptions.HandshakeTimeout"/>). Size the slots for
/// the expected join rate: throughput is roughly <c>SlotsPerRole / (RTT + a few ms of CPU)</c>.
/// </para>
/// </remarks>
public sealed class DtlsHandshakeScheduler
{
    private static readonly Lazy<DtlsHandshakeScheduler> SharedInstance =
        new(() => new DtlsHandshakeScheduler(Math.Max(4, 2 * Environment.ProcessorCount)));

    private readonly SemaphoreSlim _clientSlots;
    private readonly SemaphoreSlim _serverSlots;
    private int _active;
    private int _peakActive;

    /// <summary>Creates a scheduler admitting <paramref name="slotsPerRole"/> client and as many server handshakes at once.</summary>
    public DtlsHandshakeScheduler(int slotsPerRole)
    {
        if (slotsPerRole is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(slotsPerRole), slotsPerRole, "Must be in [1, 1024].");
        }

        SlotsPerRole = slotsPerRole;
        _clientSlots = new SemaphoreSlim(slotsPerRole, slotsPerRole);
        _serverSlots = new SemaphoreSlim(slotsPerRole, slotsPerRole);

        // Admitted handshakes park pool threads in waits; without a higher floor the pool would only
        // add replacement threads at its slow starvation-injection rate.
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(workers + (2 * slotsPerRole), completionPorts);
    }

    /// <summary>The process-wide scheduler: max(4, 2 × cores) slots per role.</summary>
    public static DtlsHandshakeScheduler Shared => SharedInstance.Value;

    /// <summary>How many handshakes of each role may block a thread at once.</summary>
    public int SlotsPerRole { get; }

    /// <summary>Handshakes currently holding a thread.</summary>
    public int ActiveHandshakes => Volatile.Read(ref _active);

    /// <summary>The most handshakes that have held a thread at once since creation.</summary>
    public int PeakActiveHandshakes => Volatile.Read(ref _peakActive);

    /// <summary>
    /// Waits (asynchronously) for a slot of <paramref name="role"/>, then runs the blocking
    /// <paramref name="handshake"/> on a thread-pool thread and releases the slot when it returns.
    /// </summary>
    internal async Task<TResult> RunAsync<TState, TResult>(
        DtlsRole role,
        Func<TState, TResult> handshake,
        TState state,
        CancellationToken cancellationToken)
    {
        SemaphoreSlim slots = role == DtlsRole.Client ? _clientSlots : _serverSlots;
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int active = Interlocked.Increment(ref _active);
            int peak = Volatile.Read(ref _peakActive);
            while (active > peak)
            {
                int seen = Interlocked.CompareExchange(ref _peakActive, active, peak);
                if (seen == peak)
                {
                    break;
                }

                peak = seen;
            }

            // Plain pool work, deliberately not LongRunning (which would mean a new thread per handshake).
            return await Task.Factory.StartNew(
                    () => handshake(state),
                    CancellationToken.None,
                    TaskCreationOptions.DenyChildAttach,
                    TaskScheduler.Default)
                .ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            slots.Release();
        }
    }
}
