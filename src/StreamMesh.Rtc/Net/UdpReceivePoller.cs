using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// Receives for many <see cref="UdpMux"/> sockets on a few dedicated threads (Linux epoll + recvmmsg,
/// optionally UDP GRO), instead of one asynchronous receive loop per socket. A process with hundreds
/// of sockets (LoadGen's viewers) then pays one epoll wake-up for every ready socket together and no
/// thread-pool hop per datagram. A mux opts in with <see cref="UdpMuxOptions.ReceivePoller"/>.
/// </summary>
/// <remarks>
/// Where the poller is not supported (<see cref="IsSupported"/>: not Linux x64/arm64, or the kernel
/// refused epoll), <see cref="IsActive"/> is false and muxes given it keep their own receive loop.
/// Dispose the poller after the muxes that use it; a mux disposed later simply stops receiving.
/// </remarks>
public sealed class UdpReceivePoller : IDisposable
{
    private readonly UdpReceivePollerThread[] _threads;
    private readonly ILogger _logger;
    private int _next;
    private int _disposed;

    /// <exception cref="ArgumentException">Invalid options.</exception>
    public UdpReceivePoller(UdpReceivePollerOptions? options = null, ILogger? logger = null)
    {
        Options = options ?? new UdpReceivePollerOptions();
        Options.Validate();
        _logger = logger ?? NullLogger.Instance;
        var threads = new List<UdpReceivePollerThread>(Options.Threads);
        if (IsSupported)
        {
            for (int i = 0; i < Options.Threads; i++)
            {
                if (UdpReceivePollerThread.TryStart(i, Options.MessagesPerCall, _logger) is not { } thread)
                {
                    break;
                }

                threads.Add(thread);
            }
        }

        _threads = [.. threads];
        if (_threads.Length > 0)
        {
            UdpReceivePollerLog.Started(_logger, _threads.Length, Options.Gro);
        }
    }

    /// <summary>True where epoll, eventfd and recvmmsg are available (Linux on x64 or arm64).</summary>
    public static bool IsSupported => LinuxEpoll.IsSupported;

    public UdpReceivePollerOptions Options { get; }

    /// <summary>True when at least one poller thread runs; false means muxes fall back to their own loops.</summary>
    public bool IsActive => _threads.Length > 0 && Volatile.Read(ref _disposed) == 0;

    /// <summary>Poller threads running.</summary>
    public int ThreadCount => _threads.Length;

    /// <summary>Summed over the threads; cheap enough to sample once a second.</summary>
    public UdpReceivePollerStatistics Statistics
    {
        get
        {
            int sockets = 0;
            long wakeUps = 0, calls = 0, datagrams = 0, coalesced = 0;
            foreach (UdpReceivePollerThread thread in _threads)
            {
                sockets += thread.Sockets;
                wakeUps += thread.WakeUps;
                calls += thread.ReceiveCalls;
                datagrams += thread.Datagrams;
                coalesced += thread.CoalescedBuffers;
            }

            return new UdpReceivePollerStatistics { Sockets = sockets, WakeUps = wakeUps, ReceiveCalls = calls, Datagrams = datagrams, CoalescedBuffers = coalesced };
        }
    }

    /// <summary>Stops the threads; sockets still registered stop receiving.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (UdpReceivePollerThread thread in _threads)
        {
            thread.Dispose();
        }
    }

    /// <summary>
    /// Takes over receiving for <paramref name="socket"/> of <paramref name="mux"/> (called by the
    /// mux's constructor); null when the mux must run its own loop (inactive poller, epoll refused).
    /// </summary>
    internal PolledUdpSocket? TryAdd(UdpMux mux, Socket socket, ILogger muxLogger)
    {
        if (!IsActive)
        {
            return null;
        }

        UdpReceivePollerThread thread = _threads[(int)((uint)Interlocked.Increment(ref _next) % (uint)_threads.Length)];
        PolledUdpSocket? polled = thread.TryAdd(mux, socket);
        if (polled is not null && Options.Gro)
        {
            // Only once the poller owns the socket: the mux's own loop could not split a coalesced buffer.
            TryEnableGro(mux, socket, muxLogger);
        }

        return polled;
    }

    private static void TryEnableGro(UdpMux mux, Socket socket, ILogger logger)
    {
        try
        {
            // An int 1; x64 and arm64 Linux are little-endian.
            socket.SetRawSocketOption(LinuxRecvMmsg.LevelUdp, LinuxRecvMmsg.OptionGro, [1, 0, 0, 0]);
        }
        catch (SocketException ex)
        {
            // Kernels before 5.0 answer ENOPROTOOPT: datagrams then simply arrive one by one.
            UdpReceivePollerLog.GroRefused(logger, mux.LocalEndPoint, ex.SocketErrorCode);
        }
    }
}
