using System.Buffers;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> behind a <see cref="DtlsTransport"/>: a bounded
/// queue fed by the shared socket's receive loop on one side, a blocking <c>Receive</c> with a real
/// timed wait (a semaphore signalled per queued datagram, no polling) for BouncyCastle on the other.
/// </summary>
/// <remarks>
/// BouncyCastle hands over one record per <c>Send</c>. Like BoringSSL we pack the records of a flight
/// into as few datagrams as the MTU allows (RFC 6347 §4.1.1 permits several records per datagram):
/// fewer datagrams to lose, and a flight's CertificateVerify, ChangeCipherSpec and Finished travel
/// together. A flight ends when BouncyCastle starts waiting for the peer (<c>Receive</c>), closes
/// the transport, or the owner calls <see cref="Flush"/> (after the handshake returns).
/// </remarks>
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
    private readonly Lock _sendGate = new();
    private readonly byte[] _outgoing;
    private readonly ChangeCipherSpecGate? _changeCipherSpecGate;
    private int _outgoingLength;
    private CancellationToken _receiveCancellation;
    private volatile bool _closed;
    private volatile bool _sendsSuppressed;
    private long _sendFailures;

    /// <param name="capacity">Datagrams the receive queue holds.</param>
    /// <param name="mtu">Largest datagram sent.</param>
    /// <param name="send">Sends one datagram.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="gateChangeCipherSpec">Server role: apply <see cref="ChangeCipherSpecGate"/> to received datagrams.</param>
    public DatagramQueueTransport(int capacity, int mtu, Action<ReadOnlySpan<byte>> send, ILogger logger, bool gateChangeCipherSpec = false)
    {
        _capacity = capacity;
        _mtu = mtu;
        _send = send;
        _logger = logger;
        _queue = new Queue<(byte[], int)>(capacity);
        _outgoing = new byte[mtu];
        _changeCipherSpecGate = gateChangeCipherSpec ? new ChangeCipherSpecGate() : null;
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
        // BouncyCastle reads when it has sent all it can for now: the flight is complete.
        Flush();
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

            Span<byte> received = datagram.Buffer.AsSpan(0, datagram.Length);
            int length = _changeCipherSpecGate?.Filter(received) ?? received.Length;
            received[..length].CopyTo(buffer);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Queues one record for the current datagram, sending the datagram first if the record would not fit.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        lock (_sendGate)
        {
            if (_closed || _sendsSuppressed)
            {
                return;
            }

            if (_outgoingLength + buffer.Length > _outgoing.Length)
            {
                FlushLocked();
            }

            if (buffer.Length > _outgoing.Length)
            {
                // BouncyCastle fragments to GetSendLimit, so this is not expected; send it on its own.
                SendDatagram(buffer);
                return;
            }

            buffer.CopyTo(_outgoing.AsSpan(_outgoingLength));
            _outgoingLength += buffer.Length;
        }
    }

    /// <summary>Sends the records gathered so far as one datagram.</summary>
    public void Flush()
    {
        lock (_sendGate)
        {
            FlushLocked();
        }
    }

    /// <summary>Called by BouncyCastle when the association closes, and by the owner. Idempotent.</summary>
    public void Close()
    {
        // BouncyCastle sends its close_notify or fatal alert just before closing the transport.
        Flush();
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

    private void FlushLocked()
    {
        if (_outgoingLength == 0)
        {
            return;
        }

        int length = _outgoingLength;
        _outgoingLength = 0;
        if (!_closed && !_sendsSuppressed)
        {
            SendDatagram(_outgoing.AsSpan(0, length));
        }
    }

    private void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _send(datagram);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed UDP send is indistinguishable from loss to the peer; DTLS retransmission covers it.
            Interlocked.Increment(ref _sendFailures);
            _logger.DatagramSendFailed(ex);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS datagram transport is closed.");
        }
    }
}
