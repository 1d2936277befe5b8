using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// Spreads the children of every stream on a node over a few send workers (one thread each, by
/// default one per core up to 4): a publisher only queues a reference to the shared packet per
/// child and wakes the workers; encryption and system calls happen on the workers, in parallel.
/// With <see cref="FanOutOptions.SendWorkers"/> = 0 the publisher sends inline instead, and so does a
/// stream with at most <see cref="FanOutOptions.InlineChildrenPerStream"/> children.
/// </summary>
/// <remarks>
/// A child stays on the worker it was given (the least loaded at attach time), so its packets are
/// sent in order by one thread and its SRTP context is never contended by two workers.
/// </remarks>
public sealed class FanOutScheduler : IDisposable
{
    private static readonly Lazy<FanOutScheduler> SharedScheduler = new(() => new FanOutScheduler(new FanOutOptions()));
    private static readonly Lazy<FanOutScheduler> InlineScheduler = new(() => new FanOutScheduler(new FanOutOptions { SendWorkers = 0 }));

    private readonly SendWorker[] _workers;
    private readonly Lock _assignLock = new();

    public FanOutScheduler(FanOutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _workers = new SendWorker[options.SendWorkers];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new SendWorker(options, i);
        }
    }

    /// <summary>The process-wide scheduler streams use unless given another (like the thread pool, it is never disposed).</summary>
    public static FanOutScheduler Shared => SharedScheduler.Value;

    /// <summary>A scheduler that sends on the publishing thread: deterministic, for tests.</summary>
    public static FanOutScheduler Inline => InlineScheduler.Value;

    public FanOutOptions Options { get; }

    public bool IsInline => _workers.Length == 0;

    /// <summary>Counters and per-hop latency over every worker.</summary>
    public FanOutStatistics GetStatistics()
    {
        var latency = new DurationHistogram();
        long packets = 0, flushes = 0, busy = 0, allocated = 0;
        var children = new int[_workers.Length];
        for (var i = 0; i < _workers.Length; i++)
        {
            latency.Add(_workers[i].Latency);
            packets += _workers[i].PacketsSent;
            flushes += _workers[i].Flushes;
            busy += _workers[i].BusyTicks;
            allocated += _workers[i].AllocatedBytes;
            children[i] = _workers[i].ChildCount;
        }

        return new FanOutStatistics(packets, flushes, TimeSpan.FromSeconds(busy / (double)System.Diagnostics.Stopwatch.Frequency), children, latency.Summarize(), allocated);
    }

    /// <summary>Starts a new latency measurement window on every worker.</summary>
    public void ClearLatency()
    {
        foreach (var worker in _workers)
        {
            worker.ClearLatency();
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }

    /// <param name="timestampFrequency">Ticks per second of the stream clock the child's queue age is measured on.</param>
    internal StreamSubscription CreateSubscription(IStreamSubscriber subscriber, long timestampFrequency) =>
        new(subscriber, Options.ChildQueueCapacity, Options.MaxQueueDelay, timestampFrequency);

    /// <summary>Hands the child to the least loaded worker (inline: nothing to do).</summary>
    internal void Assign(StreamSubscription child)
    {
        if (IsInline)
        {
            return;
        }

        lock (_assignLock)
        {
            var best = _workers[0];
            foreach (var worker in _workers)
            {
                if (worker.ChildCount < best.ChildCount)
                {
                    best = worker;
                }
            }

            best.Add(child);
        }
    }

    /// <summary>
    /// After a publish (under the stream's publishing lock): sends the queued packets of the children
    /// served inline, here, in one batch, and wakes only the workers that serve the others — a worker
    /// with none of this stream's children has nothing to do, and waking it costs a context switch.
    /// </summary>
    internal void Dispatch(StreamSubscription[] children, UdpDatagramBatch? inlineBatch)
    {
        var stamps = 0;
        var anyOnWorker = false;
        foreach (var child in children)
        {
            if (child.Worker is null)
            {
                child.Drain(inlineBatch, int.MaxValue, null, ref stamps);
            }
            else
            {
                anyOnWorker = true;
            }
        }

        inlineBatch?.Flush();
        if (!anyOnWorker)
        {
            return;
        }

        // The queue writes must be visible before we read whether a worker went to sleep.
        Interlocked.MemoryBarrier();
        foreach (var child in children)
        {
            // Wake is a read when the worker is already awake, so repeating it for a worker's other children is cheap.
            child.Worker?.Wake();
        }
    }

    /// <summary>Detaches a child: queued packets are released by its worker (inline: at once).</summary>
    internal static void Close(StreamSubscription child)
    {
        child.Close();
        if (child.Worker is { } worker)
        {
            Interlocked.MemoryBarrier();
            worker.Wake();
        }
        else
        {
            child.ReleaseQueued();
        }
    }
}
