using System.Buffers;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> behind a <see cref="DtlsTransport"/>: a bounded
/// queue fed by the shared socket's receive loop on one side, a blocking <c>Receive</c> with a real
/// timed wait (a semaphore signalled per queued datagram, no polling) for BouncyCastle on the other.
/// Outgoing datagrams go straight to the owner's send callback.
/// </summary>
internal sealed class DatagramQueueTransport : DatagramTransport
{
    private readonly Lock _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue;
    private readonly SemaphoreSlim _queued = new(0);
    private readonly TaskCompletionSource _firstDatagram = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly int _mtu;
    private CancellationToken _receiveCancellation;
    private volatile bool _closed;
    private volatile bool _sendsSuppressed;
    private long _sendFailures;

    public DatagramQueueTransport(int capacity, int mtu, Action<ReadOnlySpan<byte>> send, ILogger logger)
    {
        _capacity = capacity;
        _mtu = mtu;
        _send = send;
        _logger = logger;
        _queue = new Queue<(byte[], int)>(capacity);
    }

    /// <summary>Completes when the first datagram has been queued (a server's cue that its client is running).</summary>
    public Task FirstDatagram => _firstDatagram.Task;

    /// <summary>Datagrams waiting to be read by the DTLS engine.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsClosed => _closed;

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Copies the datagram into the queue. Never blocks; false when full or closed.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
        }

        _queued.Release();
        _firstDatagram.TrySetResult();
        return true;
    }

    /// <summary>Receives during the handshake are cancelled by this token (timeout, Close, caller).</summary>
    public void SetReceiveCancellation(CancellationToken cancellationToken) => _receiveCancellation = cancellationToken;

    /// <summary>Drops everything BouncyCastle tries to send from now on (used when abandoning a handshake).</summary>
    public void SuppressSends() => _sendsSuppressed = true;

    public int GetReceiveLimit() => DtlsDatagramValidator.MaxDatagramLength;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// BouncyCastle's blocking read: waits up to <paramref name="waitMillis"/> (0 = no limit, BouncyCastle's
    /// socket-timeout convention) for a queued datagram; returns -1 on timeout.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        int timeout = waitMillis > 0 ? waitMillis : Timeout.Infinite;
        if (!_queued.Wait(timeout, _receiveCancellation))
        {
            return -1;
        }

        ThrowIfClosed();
        (byte[] Buffer, int Length) datagram;
        lock (_gate)
        {
            if (!_queue.TryDequeue(out datagram))
            {
                return -1;
            }
        }

        try
        {
            // BouncyCastle sizes its buffer from GetReceiveLimit, which bounds what we queue; a shorter
            // buffer would truncate a record, so the datagram is dropped instead.
            if (datagram.Length > buffer.Length)
            {
                return -1;
            }

            datagram.Buffer.AsSpan(0, datagram.Length).CopyTo(buffer);
            return datagram.Length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed || _sendsSuppressed)
        {
            return;
        }

        try
        {
            _send(buffer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed UDP send is indistinguishable from loss to the peer; DTLS retransmission covers it.
            Interlocked.Increment(ref _sendFailures);
            _logger.DatagramSendFailed(ex);
        }
    }

    /// <summary>Called by BouncyCastle when the association closes, and by the owner. Idempotent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out var datagram))
            {
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
            }
        }

        // Wake a blocked Receive so it observes the closure instead of waiting out its timer.
        _queued.Release();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS datagram transport is closed.");
        }
    }
}
