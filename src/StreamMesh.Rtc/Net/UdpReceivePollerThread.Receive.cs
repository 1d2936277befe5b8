using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>The receive side of <see cref="UdpReceivePollerThread"/>: wait, drain, split, dispatch.</summary>
internal sealed unsafe partial class UdpReceivePollerThread
{
    private void Run()
    {
        while (Volatile.Read(ref _stopping) == 0)
        {
            int ready = LinuxEpoll.Wait(_epoll, _events, MaxEvents, -1);
            if (ready < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == LinuxErrno.Interrupted)
                {
                    continue;
                }

                UdpReceivePollerLog.WaitFailed(_logger, error);
                break;
            }

            _wakeUps++;
            for (int i = 0; i < ready; i++)
            {
                ulong data = LinuxEpoll.DataOf(_events, i);
                if (data == 0)
                {
                    ulong value;
                    _ = LinuxEpoll.Read(_wake, &value, sizeof(ulong));
                    continue;
                }

                PolledUdpSocket?[] slots = Volatile.Read(ref _slots);
                if (data <= (ulong)slots.Length && Volatile.Read(ref slots[(int)data - 1]) is { } entry)
                {
                    Drain(entry);
                }
            }
        }
    }

    private void Drain(PolledUdpSocket entry)
    {
        if (!entry.TryBeginDrain())
        {
            return;
        }

        try
        {
            for (int call = 0; call < MaxCallsPerDrain; call++)
            {
                // Fewer messages than asked for means the queue ran dry: no extra call to see EAGAIN.
                if (ReceiveOnce(entry) < _vector.Count)
                {
                    break;
                }
            }
        }
        finally
        {
            entry.EndDrain();
        }
    }

    private int ReceiveOnce(PolledUdpSocket entry)
    {
        int received;
        int error;
        try
        {
            received = _vector.Receive(entry.Handle, LinuxSendMmsg.DontWait, out error);
        }
        catch (ObjectDisposedException)
        {
            return 0; // closed by its mux; the removal is on its way
        }

        if (received < 0)
        {
            if (error is not (LinuxErrno.WouldBlock or LinuxErrno.Interrupted))
            {
                CountError(entry, error);
            }

            return 0;
        }

        _receiveCalls++;
        entry.ConsecutiveErrors = 0;
        UdpMux mux = entry.Mux;
        for (int i = 0; i < received && !entry.IsRemoved; i++)
        {
            if (_vector.IsTruncated(i))
            {
                CountError(entry, 0);
                continue;
            }

            Deliver(mux, _vector.Received(i), _vector.SegmentSizeOf(i), i);
        }

        return received;
    }

    /// <summary>
    /// Hands one received buffer to the mux: as it is, or, when GRO coalesced it, as the datagrams it
    /// holds: segments of <paramref name="segmentSize"/> bytes, the last one possibly shorter.
    /// </summary>
    private void Deliver(UdpMux mux, Span<byte> buffer, int segmentSize, int slot)
    {
        var from = _vector.AddressOf(slot);
        if (segmentSize <= 0 || segmentSize >= buffer.Length)
        {
            _datagrams++;
            mux.DispatchGuarded(buffer, from);
            return;
        }

        _coalescedBuffers++;
        for (int offset = 0; offset < buffer.Length; offset += segmentSize)
        {
            _datagrams++;
            mux.DispatchGuarded(buffer.Slice(offset, Math.Min(segmentSize, buffer.Length - offset)), from);
        }
    }

    private void CountError(PolledUdpSocket entry, int error)
    {
        UdpReceivePollerLog.ReceiveFailed(_logger, entry.Mux.LocalEndPoint, error);
        int consecutive = entry.ConsecutiveErrors;
        bool carryOn = entry.Mux.CountReceiveError(SocketError.SocketError, ref consecutive);
        entry.ConsecutiveErrors = consecutive;
        if (!carryOn)
        {
            // A socket failing every call would keep a level-triggered set spinning: give it up, as
            // the mux's own loop does.
            Remove(entry);
        }
    }
}
