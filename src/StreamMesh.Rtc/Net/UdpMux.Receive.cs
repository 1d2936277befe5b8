using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// The receive loop of <see cref="UdpMux"/>: asynchronous on the thread pool, or blocking on a thread
/// of its own (in bursts with recvmmsg(2) on Linux, see UdpMux.ReceiveBurst.cs); or none, when a
/// <see cref="UdpReceivePoller"/> receives for the mux. All of them hand each datagram to
/// <see cref="DispatchGuarded"/> and count failures with <see cref="CountReceiveError"/>.
/// </summary>
public sealed partial class UdpMux
{
    /// <summary>
    /// The receive loop on its own thread with blocking receives. A socket that never had an
    /// asynchronous operation is never registered with the runtime's epoll thread, so the sends of
    /// the fan-out do not wake that thread for every datagram that leaves (each send frees write space,
    /// an EPOLLOUT edge), and a received datagram is dispatched without a hop through the thread pool.
    /// </summary>
    private Task StartReceiveThread()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (_burst is not null)
                {
                    ReceiveLoopInBursts(_burst);
                }
                else
                {
                    ReceiveLoopBlocking();
                }
            }
            finally
            {
                stopped.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "streammesh-udp-receive",
        };
        thread.Start();
        return stopped.Task;
    }

    /// <summary>The per-datagram blocking loop, where recvmmsg(2) is not available.</summary>
    private void ReceiveLoopBlocking()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(Options.ReceiveBufferSize, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        int consecutiveErrors = 0;
        while (Volatile.Read(ref _disposed) == 0)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
                consecutiveErrors = 0;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                if (Volatile.Read(ref _disposed) != 0 || !CountReceiveError(ex.SocketErrorCode, ref consecutiveErrors))
                {
                    break;
                }

                continue;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                break;
            }

            DispatchGuarded(buffer.AsSpan(0, received), from);
        }
    }

    /// <summary>Counts a failed receive; false once so many failed in a row that the loop gives up.</summary>
    internal bool CountReceiveError(SocketError error, ref int consecutiveErrors)
    {
        // One bad datagram (ConnectionReset after an ICMP error on Windows, MessageSize for an
        // oversized one) must not end the loop.
        Interlocked.Increment(ref _counters.ReceiveErrors);
        UdpMuxLog.ReceiveFailed(_logger, error);
        if (++consecutiveErrors >= MaxConsecutiveReceiveErrors)
        {
            UdpMuxLog.ReceiveLoopAborted(_logger, LocalEndPoint, consecutiveErrors);
            return false;
        }

        return true;
    }

    /// <summary>Routes one received datagram; a handler that throws costs that datagram only.</summary>
    internal void DispatchGuarded(Span<byte> datagram, SocketAddress from)
    {
        try
        {
            Dispatch(datagram, from);
        }
#pragma warning disable CA1031 // A fault in one agent or sink must not stop traffic for every other connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            UdpMuxLog.DispatchFailed(_logger, ex);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(Options.ReceiveBufferSize, pinned: true);
        Memory<byte> memory = buffer;
        var from = new SocketAddress(_socket.AddressFamily);
        int consecutiveErrors = 0;
        while (Volatile.Read(ref _disposed) == 0)
        {
            int received;
            try
            {
                // No cancellation token: registering one per call would allocate; Dispose closes the
                // socket instead, which completes this receive with an error.
                received = await _socket.ReceiveFromAsync(memory, SocketFlags.None, from).ConfigureAwait(false);
                consecutiveErrors = 0;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                if (Volatile.Read(ref _disposed) != 0 || !CountReceiveError(ex.SocketErrorCode, ref consecutiveErrors))
                {
                    break;
                }

                continue;
            }

            DispatchGuarded(buffer.AsSpan(0, received), from);
        }
    }
}
