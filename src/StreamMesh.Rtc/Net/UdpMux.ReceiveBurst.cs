using System.Net.Sockets;

namespace StreamMesh.Rtc.Net;

/// <content>
/// The dedicated receive thread on Linux receives in bursts: recvmmsg(2) with MSG_WAITFORONE blocks for
/// the first datagram and takes whatever else is queued with it, never waiting for more. A parent sends
/// a frame to a relay as one UDP_SEGMENT message, so the frame's packets land in this socket together
/// and arrive as one burst; after it, each sink that got a datagram of it hears
/// <see cref="IUdpMuxSink.OnReceiveBurstEnd"/>, and a relay hands the frame on in one dispatch.
/// </content>
public sealed partial class UdpMux
{
    /// <summary>
    /// Most datagrams one receive call takes: as many as a sender's largest UDP_SEGMENT message carries,
    /// so a frame a parent sent as one message is one burst. A larger frame spans several, each sent on
    /// when it ends.
    /// </summary>
    private const int MaxDatagramsPerBurst = UdpDatagramBatch.MaxSegmentsPerMessage;

    private void ReceiveLoopInBursts(UdpMuxReceiveBurst burst)
    {
        // Native, reused slots of ReceiveBufferSize each; only the pages datagrams reach are touched.
        using var vector = new UdpReceiveVector(MaxDatagramsPerBurst, Options.ReceiveBufferSize);
        SafeSocketHandle handle = _socket.SafeHandle;
        int consecutiveErrors = 0;
        while (Volatile.Read(ref _disposed) == 0)
        {
            int received;
            int error;
            try
            {
                received = vector.Receive(handle, LinuxRecvMmsg.WaitForOne, out error);
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                // Dispose's shutdown(2) woke the call: what it returned are empty reads, not datagrams.
                break;
            }

            if (received < 0)
            {
                if (!ReceiveBurstFailed(error, ref consecutiveErrors))
                {
                    break;
                }

                continue;
            }

            consecutiveErrors = 0;
            if (!DispatchBurst(burst, vector, received, ref consecutiveErrors))
            {
                break;
            }
        }
    }

    /// <summary>False when the loop should give up (see <see cref="CountReceiveError"/>).</summary>
    private bool ReceiveBurstFailed(int error, ref int consecutiveErrors)
    {
        if (error == LinuxErrno.Interrupted)
        {
            return true;
        }

        if (error == LinuxErrno.WouldBlock)
        {
            // The descriptor is blocking unless something made it non-blocking (an asynchronous
            // operation would have): then wait with poll(2) rather than spin.
            try
            {
                _ = _socket.Poll(-1, SelectMode.SelectRead);
                return true;
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return Volatile.Read(ref _disposed) == 0 && CountReceiveError(SocketError.SocketError, ref consecutiveErrors);
            }
        }

        return CountReceiveError(SocketError.SocketError, ref consecutiveErrors);
    }

    /// <summary>Routes every datagram of one call, then ends the burst for the sinks it reached.</summary>
    private bool DispatchBurst(UdpMuxReceiveBurst burst, UdpReceiveVector vector, int received, ref int consecutiveErrors)
    {
        bool carryOn = true;
        burst.Open();
        for (int i = 0; i < received && carryOn; i++)
        {
            if (vector.IsTruncated(i))
            {
                // Longer than ReceiveBufferSize: dropped and counted, as the per-datagram loop's receive fails.
                carryOn = CountReceiveError(SocketError.MessageSize, ref consecutiveErrors);
                continue;
            }

            DispatchGuarded(vector.Received(i), vector.AddressOf(i));
        }

        burst.Close(_logger);
        return carryOn;
    }
}
