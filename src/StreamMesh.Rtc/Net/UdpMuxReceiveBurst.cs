using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// The datagrams one recvmmsg(2) call of a mux's receive thread took: what was already queued on the
/// socket, never more (the call does not wait past the first). Remembers which sinks got any of them, so
/// that after the last one each hears <see cref="IUdpMuxSink.OnReceiveBurstEnd"/> once and can hand on
/// what it kept back for the burst (a relay: a whole frame's packets in one dispatch).
/// </summary>
/// <remarks>Owned by the receive thread; reused for every call, so routing a burst allocates nothing.</remarks>
internal sealed class UdpMuxReceiveBurst(int capacity)
{
    // At most one sink per datagram of the call.
    private readonly IUdpMuxSink?[] _touched = new IUdpMuxSink?[capacity];
    private int _count;
    private int _threadId;

    /// <summary>True while the receive thread dispatches a burst and the caller is that thread.</summary>
    public bool IsOpenOnCurrentThread => Volatile.Read(ref _threadId) == Environment.CurrentManagedThreadId;

    /// <summary>Receive thread: the datagrams of one call are about to be dispatched.</summary>
    public void Open() => Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);

    /// <summary>Receive thread: <paramref name="sink"/> was handed a datagram of the open burst.</summary>
    public void Touch(IUdpMuxSink sink)
    {
        // Bursts mostly come from one peer: the last one is the likely match.
        for (int i = _count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_touched[i], sink))
            {
                return;
            }
        }

        if (_count < _touched.Length)
        {
            _touched[_count++] = sink;
        }
    }

    /// <summary>
    /// Receive thread: every datagram of the burst was dispatched. Tells each touched sink once, in the
    /// order they were first reached; a sink that throws costs only its own notification.
    /// </summary>
    public void Close(ILogger logger)
    {
        // Closed first: what a sink sends on from here is no longer part of the burst.
        Volatile.Write(ref _threadId, 0);
        for (int i = 0; i < _count; i++)
        {
            IUdpMuxSink sink = _touched[i]!;
            _touched[i] = null;
            try
            {
                sink.OnReceiveBurstEnd();
            }
#pragma warning disable CA1031 // A fault in one sink must not keep the others' held-back packets waiting.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                UdpMuxLog.DispatchFailed(logger, ex);
            }
        }

        _count = 0;
    }
}
