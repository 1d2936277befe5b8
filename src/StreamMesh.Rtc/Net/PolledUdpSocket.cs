using System.Net.Sockets;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// One <see cref="UdpMux"/> socket in a <see cref="UdpReceivePollerThread"/>'s epoll set. Its state
/// tells the poller thread whether it may still read the socket, and tells the mux when the thread
/// is done with it: <see cref="Stopped"/> completes once it is removed and no drain is in progress,
/// after which no datagram reaches the mux any more.
/// </summary>
internal sealed class PolledUdpSocket
{
    private const int Idle = 0;
    private const int Draining = 1;
    private const int Removed = 2;
    private const int RemovedWhileDraining = 3;

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public PolledUdpSocket(UdpMux mux, SafeSocketHandle handle, UdpReceivePollerThread owner, int slot)
    {
        Mux = mux;
        Handle = handle;
        Owner = owner;
        Slot = slot;
    }

    public UdpMux Mux { get; }

    /// <summary>
    /// Read through this handle only, with DangerousAddRef around each call: a closed handle then
    /// fails instead of reading whatever socket reused the descriptor number.
    /// </summary>
    public SafeSocketHandle Handle { get; }

    public UdpReceivePollerThread Owner { get; }

    /// <summary>Index in the owner's slot table, which is also the epoll data word (plus one).</summary>
    public int Slot { get; }

    /// <summary>Failed receives in a row (poller thread only).</summary>
    public int ConsecutiveErrors { get; set; }

    public bool IsRemoved => Volatile.Read(ref _state) >= Removed;

    public Task Stopped => _stopped.Task;

    /// <summary>Poller thread: claims the socket for one drain; false once it was removed.</summary>
    public bool TryBeginDrain() => Interlocked.CompareExchange(ref _state, Draining, Idle) == Idle;

    /// <summary>Poller thread: ends the drain, completing <see cref="Stopped"/> if a removal came meanwhile.</summary>
    public void EndDrain()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Draining) == RemovedWhileDraining)
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Any thread: marks the socket removed; false if it already was.</summary>
    public bool MarkRemoved()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state >= Removed)
            {
                return false;
            }

            int next = state == Draining ? RemovedWhileDraining : Removed;
            if (Interlocked.CompareExchange(ref _state, next, state) == state)
            {
                if (next == Removed)
                {
                    _stopped.TrySetResult();
                }

                return true;
            }
        }
    }

    /// <summary>Unregisters from the poller: call before closing the socket.</summary>
    public void Remove() => Owner.Remove(this);
}
