using System.Diagnostics;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// One send thread of a <see cref="FanOutScheduler"/>: it owns a shard of the children, drains
/// their queues round-robin (rewrite and SRTP-protect into its own <see cref="UdpDatagramBatch"/>),
/// and hands each batch to the kernel in one system call. It sleeps on an event when every queue is
/// empty; publishers wake it only when it said it was going to sleep, so a busy worker costs the
/// publisher no system call.
/// </summary>
internal sealed class SendWorker : IDisposable
{
    private readonly FanOutOptions _options;
    private readonly Lock _childrenLock = new();
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 0);
    private readonly UdpDatagramBatch _batch;
    private readonly long[] _publishedAt;
    private readonly DurationHistogram _latency = new();
    private readonly Thread _thread;
    private StreamSubscription[] _children = [];
    private int _idle;
    private int _stopping;
    private long _packets;
    private long _flushes;
    private long _busyTicks;
    private long _allocatedBytes;
    private int _clearLatency;
    private long _faults;

    public SendWorker(FanOutOptions options, int index)
    {
        _options = options;
        _batch = new UdpDatagramBatch(options.BatchSize);
        _publishedAt = new long[Math.Max(4096, options.BatchSize)];
        _thread = new Thread(Run) { IsBackground = true, Name = $"streammesh-send-{index}" };
        _thread.Start();
    }

    public int ChildCount => Volatile.Read(ref _children).Length;

    public long PacketsSent => Interlocked.Read(ref _packets);

    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Unexpected exceptions the worker survived (a child's own send failures are counted on its subscription).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Stopwatch ticks spent working (not sleeping): the worker's share of CPU.</summary>
    public long BusyTicks => Interlocked.Read(ref _busyTicks);

    /// <summary>Publication → handed to the kernel, per packet (one writer: this worker; readers see a near-live picture).</summary>
    public DurationHistogram Latency => _latency;

    /// <summary>Bytes this worker's thread has allocated (steady state: constant; the forwarding path allocates nothing).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Asks the worker to clear its latency histogram (it is the only writer, so it does it itself).</summary>
    public void ClearLatency()
    {
        Volatile.Write(ref _clearLatency, 1);
        Interlocked.MemoryBarrier();
        Wake();
    }

    public void Add(StreamSubscription child)
    {
        lock (_childrenLock)
        {
            _children = [.. _children, child];
        }

        child.Worker = this;
    }

    /// <summary>Wakes the worker if it is asleep; the caller has published with a full fence before.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _idle) == 1 && Interlocked.Exchange(ref _idle, 0) == 1)
        {
            _wake.Set();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _stopping, 1);
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
        _batch.Dispose();
    }

    private void Run()
    {
        while (Volatile.Read(ref _stopping) == 0)
        {
            try
            {
                Serve();
            }
#pragma warning disable CA1031 // The worker serves hundreds of children: a fault is counted and serving resumes.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _faults);
            }
        }
    }

    private void Serve()
    {
        var stamps = 0;
        while (Volatile.Read(ref _stopping) == 0)
        {
            var started = Stopwatch.GetTimestamp();
            if (Volatile.Read(ref _clearLatency) != 0)
            {
                _latency.Clear();
                Volatile.Write(ref _clearLatency, 0);
            }
            var children = Volatile.Read(ref _children);
            var work = 0;
            var flushesSeen = _batch.Flushes;
            foreach (var child in children)
            {
                if (child.IsClosed)
                {
                    child.ReleaseQueued();
                    Remove(child);
                    continue;
                }

                // A full batch flushes itself inside Reserve; packets of many children share a call.
                work += child.Drain(_batch, _options.MaxPacketsPerVisit, _publishedAt, ref stamps);
                if (_batch.Flushes != flushesSeen)
                {
                    flushesSeen = _batch.Flushes;
                    RecordFlushed(ref stamps);
                }
            }

            Flush(ref stamps);
            Interlocked.Add(ref _packets, work);
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
            Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            if (work > 0)
            {
                continue;
            }

            // Dekker-style hand-shake with Wake(): announce sleep with a full fence, then look again.
            Interlocked.Exchange(ref _idle, 1);
            if (AnyQueued(Volatile.Read(ref _children)) || Volatile.Read(ref _stopping) != 0)
            {
                Volatile.Write(ref _idle, 0);
                continue;
            }

            _wake.Wait();
            _wake.Reset();
            Volatile.Write(ref _idle, 0);
        }
    }

    private void Flush(ref int stamps)
    {
        if (_batch.Count > 0)
        {
            _batch.Flush();
            Interlocked.Increment(ref _flushes);
        }

        if (stamps == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < stamps; i++)
        {
            _latency.Record((long)Stopwatch.GetElapsedTime(_publishedAt[i], now).TotalMicroseconds);
        }

        stamps = 0;
    }

    /// <summary>
    /// Records the latency of the packets a full batch flushed during the last drain: all stamped
    /// packets but those still in the batch. Stamped at the end of that child's drain, so a packet's
    /// latency is never read earlier than its datagram left.
    /// </summary>
    private void RecordFlushed(ref int stamps)
    {
        var sent = Math.Max(0, stamps - _batch.Count);
        if (sent == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < sent; i++)
        {
            _latency.Record((long)Stopwatch.GetElapsedTime(_publishedAt[i], now).TotalMicroseconds);
        }

        Array.Copy(_publishedAt, sent, _publishedAt, 0, stamps - sent);
        stamps -= sent;
    }

    private static bool AnyQueued(StreamSubscription[] children)
    {
        foreach (var child in children)
        {
            if (child.HasQueued || child.IsClosed)
            {
                return true;
            }
        }

        return false;
    }

    private void Remove(StreamSubscription child)
    {
        lock (_childrenLock)
        {
            var index = Array.IndexOf(_children, child);
            if (index < 0)
            {
                return;
            }

            var next = new StreamSubscription[_children.Length - 1];
            Array.Copy(_children, 0, next, 0, index);
            Array.Copy(_children, index + 1, next, index, _children.Length - index - 1);
            _children = next;
        }
    }
}
