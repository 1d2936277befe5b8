using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// One thread of a <see cref="UdpReceivePoller"/>: a level-triggered epoll set over its share of the
/// sockets plus an eventfd to wake it, and one recvmmsg(2) vector. On each wake-up it drains every
/// ready socket with non-blocking recvmmsg, splits GRO-coalesced buffers and hands each datagram to
/// the socket's <see cref="UdpMux"/> on this thread: no thread-pool hop, no allocation.
/// </summary>
/// <remarks>
/// A socket is only ever read by this one thread, so a mux sees its datagrams one at a time, as with
/// its own receive loop. The descriptor is never used by number alone: each call holds the socket's
/// <see cref="SafeHandle"/> reference, so a socket closed meanwhile fails the call instead of a reused
/// descriptor being read. The reference is not held while datagrams are dispatched, so a handler may
/// dispose its own mux (closing a socket waits for outstanding references).
/// </remarks>
internal sealed unsafe partial class UdpReceivePollerThread : IDisposable
{
    private const int MaxEvents = 64;

    /// <summary>recvmmsg calls per ready socket per wake-up; level-triggered epoll reports the rest next time.</summary>
    private const int MaxCallsPerDrain = 4;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly UdpReceiveVector _vector;
    private readonly byte* _events;
    private readonly Lock _gate = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private PolledUdpSocket?[] _slots = new PolledUdpSocket?[64];
    private int _nextSlot;
    private int _sockets;
    private int _stopping;
    private int _disposed;
    private long _wakeUps;
    private long _receiveCalls;
    private long _datagrams;
    private long _coalescedBuffers;

    private UdpReceivePollerThread(int epoll, int wake, int messagesPerCall, string name, ILogger logger)
    {
        _epoll = epoll;
        _wake = wake;
        _logger = logger;
        _vector = new UdpReceiveVector(messagesPerCall);
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * LinuxEpoll.EventSize));
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public int Sockets => Volatile.Read(ref _sockets);

    public long WakeUps => Volatile.Read(ref _wakeUps);

    public long ReceiveCalls => Volatile.Read(ref _receiveCalls);

    public long Datagrams => Volatile.Read(ref _datagrams);

    public long CoalescedBuffers => Volatile.Read(ref _coalescedBuffers);

    /// <summary>A started thread with its epoll set and eventfd, or null (errno logged) when the kernel refuses them.</summary>
    public static UdpReceivePollerThread? TryStart(int index, int messagesPerCall, ILogger logger)
    {
        int epoll = LinuxEpoll.CreateSet();
        if (epoll < 0)
        {
            UdpReceivePollerLog.Unavailable(logger, "epoll_create1", Marshal.GetLastPInvokeError());
            return null;
        }

        int wake = LinuxEpoll.CreateWakeDescriptor();
        if (wake < 0 || LinuxEpoll.Add(epoll, wake, 0) < 0)
        {
            UdpReceivePollerLog.Unavailable(logger, "eventfd", Marshal.GetLastPInvokeError());
            if (wake >= 0)
            {
                _ = LinuxEpoll.Close(wake);
            }

            _ = LinuxEpoll.Close(epoll);
            return null;
        }

        var thread = new UdpReceivePollerThread(epoll, wake, messagesPerCall, $"streammesh-udp-poller-{index}", logger);
        thread._thread.Start();
        return thread;
    }

    /// <summary>Puts <paramref name="socket"/> into the epoll set; null when stopping or epoll_ctl refuses it.</summary>
    public PolledUdpSocket? TryAdd(UdpMux mux, Socket socket)
    {
        SafeSocketHandle handle = socket.SafeHandle;
        // epoll_ctl runs under the gate so that it never meets an epoll descriptor Dispose has closed
        // (and the number reused).
        lock (_gate)
        {
            if (Volatile.Read(ref _stopping) != 0)
            {
                return null;
            }

            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
            if (slot == _slots.Length)
            {
                var grown = new PolledUdpSocket?[_slots.Length * 2];
                _slots.CopyTo(grown, 0);
                Volatile.Write(ref _slots, grown);
            }

            var entry = new PolledUdpSocket(mux, handle, this, slot);
            Volatile.Write(ref _slots[slot], entry);
            int result;
            int error;
            using (var lease = new SocketDescriptorLease(handle))
            {
                // Data word 0 is the eventfd; a socket is its slot plus one.
                result = LinuxEpoll.Add(_epoll, lease.Descriptor, (ulong)slot + 1);
                error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            }

            if (result < 0)
            {
                UdpReceivePollerLog.AddFailed(_logger, mux.LocalEndPoint, error);
                Volatile.Write(ref _slots[slot], null);
                _freeSlots.Push(slot);
                return null;
            }

            _sockets++;
            return entry;
        }
    }

    /// <summary>Takes the socket out of the set. Any thread; the socket must still be open (the mux removes, then closes).</summary>
    public void Remove(PolledUdpSocket entry)
    {
        if (!entry.MarkRemoved())
        {
            return;
        }

        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    using var lease = new SocketDescriptorLease(entry.Handle);
                    _ = LinuxEpoll.Remove(_epoll, lease.Descriptor);
                }
                catch (ObjectDisposedException)
                {
                    // Already closed: closing the last descriptor of a socket takes it out of every epoll set.
                }
            }

            // A stale event for this slot may still be in the thread's current batch; it then finds
            // the slot empty, or the socket that reuses it, whose own handle guards the read.
            if (ReferenceEquals(_slots[entry.Slot], entry))
            {
                Volatile.Write(ref _slots[entry.Slot], null);
                _freeSlots.Push(entry.Slot);
                _sockets--;
            }
        }
    }

    /// <summary>Stops the thread, waits for it, then closes the epoll set; sockets still in it are released to their muxes.</summary>
    public void Dispose()
    {
        if (Thread.CurrentThread == _thread)
        {
            throw new InvalidOperationException("A receive poller cannot be disposed from its own thread (from a datagram handler).");
        }

        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        Wake();
        _thread.Join();
        lock (_gate)
        {
            foreach (PolledUdpSocket? entry in _slots)
            {
                entry?.MarkRemoved();
            }

            Free();
        }

        GC.SuppressFinalize(this);
    }

    ~UdpReceivePollerThread() => Free();

    private void Free()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _ = LinuxEpoll.Close(_wake);
        _ = LinuxEpoll.Close(_epoll);
        NativeMemory.Free(_events);
        _vector.Dispose();
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LinuxEpoll.Write(_wake, &one, sizeof(ulong));
    }
}
