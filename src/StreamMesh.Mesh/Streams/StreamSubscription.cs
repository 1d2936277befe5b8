using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// One child attached to a <see cref="LiveStream"/>: its bounded packet queue, its place on a send
/// worker, and what happened to its packets. A child that falls a full queue behind is degraded, not
/// waited for: its queue is never grown, video is skipped up to the next keyframe (audio carries on)
/// and the skipped packets are hidden from it by a sequence shift, so it neither stalls the others
/// nor NACKs what it was never meant to get.
/// </summary>
/// <remarks>
/// Threading: <see cref="Offer"/> runs under the stream's publishing lock (single producer);
/// <see cref="Drain"/> on the child's send worker (single consumer). Counters are readable anywhere.
/// </remarks>
public sealed class StreamSubscription
{
    private readonly ChildPacketQueue _queue;
    private readonly IBatchedStreamSubscriber? _batched;
    private long _forwarded;
    private long _dropped;
    private long _degradedEpisodes;
    private long _failures;
    private int _closed;

    // Producer-side state (publishing lock).
    private bool _skippingVideo;
    private ushort _videoShift;

    private readonly long _maxQueueDelayTicks;

    internal StreamSubscription(IStreamSubscriber subscriber, int queueCapacity, TimeSpan maxQueueDelay)
    {
        _maxQueueDelayTicks = (long)(maxQueueDelay.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        Subscriber = subscriber;
        _batched = subscriber as IBatchedStreamSubscriber;
        _queue = new ChildPacketQueue(queueCapacity);
    }

    public IStreamSubscriber Subscriber { get; }

    /// <summary>Packets handed to the subscriber.</summary>
    public long PacketsForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Packets this child did not get because it was behind (queue full, or video skipped to the next keyframe).</summary>
    public long PacketsDropped => Interlocked.Read(ref _dropped);

    /// <summary>Times the child overflowed its queue and had its video cut back to the next keyframe.</summary>
    public long DegradedEpisodes => Interlocked.Read(ref _degradedEpisodes);

    /// <summary>Packets whose send threw (counted, the worker carries on).</summary>
    public long SendFailures => Interlocked.Read(ref _failures);

    public int QueueDepth => _queue.Count;

    public int QueueCapacity => _queue.Capacity;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    internal SendWorker? Worker { get; set; }

    internal bool HasQueued => !_queue.IsEmpty;

    /// <summary>
    /// Queues <paramref name="packet"/> for this child, taking a reference when it is queued.
    /// Returns false when it was dropped for this child.
    /// </summary>
    internal bool Offer(ForwardedPacket packet, long now)
    {
        var isVideo = packet.Kind == MediaKind.Video;

        // Behind by time, not only by count: a deep queue at a slow child's pace would be seconds
        // of delay. Stop feeding it until its backlog drains; video resumes at a keyframe.
        if (_maxQueueDelayTicks > 0 && _queue.OldestEnqueuedAt is var oldest and not 0 && now - oldest > _maxQueueDelayTicks)
        {
            if (isVideo)
            {
                if (!_skippingVideo)
                {
                    _skippingVideo = true;
                    Interlocked.Increment(ref _degradedEpisodes);
                }

                SkipVideo();
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }

            return false;
        }

        if (isVideo && _skippingVideo)
        {
            // Resume only on a keyframe, and only with room for a useful part of it.
            if (!packet.StartsKeyframe || _queue.Free < _queue.Capacity / 4)
            {
                SkipVideo();
                return false;
            }

            _skippingVideo = false;
        }

        packet.AddReference();
        if (_queue.TryEnqueue(packet, isVideo ? _videoShift : (ushort)0, now))
        {
            return true;
        }

        packet.Release();
        if (isVideo)
        {
            // A picture with a hole in it is worse than none: cut video back to the next keyframe.
            _skippingVideo = true;
            Interlocked.Increment(ref _degradedEpisodes);
            SkipVideo();
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }

        return false;
    }

    /// <summary>
    /// Starts this child on the GOP cache. When the GOP does not fit (or the cache overflowed) the
    /// child waits for the next keyframe instead; before any keyframe was seen it simply gets live packets.
    /// </summary>
    internal void StartWithGop(PacketRing gop, bool keyframeSeen, long now)
    {
        if (!keyframeSeen)
        {
            return;
        }

        if (gop.Overflowed || gop.Count > _queue.Capacity / 2)
        {
            _skippingVideo = true;
            return;
        }

        for (var i = 0; i < gop.Count; i++)
        {
            Offer(gop[i], now);
        }
    }

    /// <summary>Sends up to <paramref name="max"/> queued packets; returns how many were taken off the queue.</summary>
    internal int Drain(UdpDatagramBatch? batch, int max, long[]? publishedAt, ref int stampCount)
    {
        var taken = 0;
        while (taken < max && _queue.TryDequeue(out var packet, out var shift))
        {
            taken++;
            if (!IsClosed)
            {
                Deliver(packet, shift, batch);
                if (publishedAt is not null && stampCount < publishedAt.Length)
                {
                    publishedAt[stampCount++] = packet.PublishedAt;
                }
            }

            packet.Release();
        }

        return taken;
    }

    /// <summary>Drops whatever is still queued (after <see cref="Close"/>), returning the buffers.</summary>
    internal void ReleaseQueued()
    {
        while (_queue.TryDequeue(out var packet, out _))
        {
            packet.Release();
        }
    }

    internal void Close() => Volatile.Write(ref _closed, 1);

    private void SkipVideo()
    {
        _videoShift++;
        Interlocked.Increment(ref _dropped);
    }

    private void Deliver(ForwardedPacket packet, ushort shift, UdpDatagramBatch? batch)
    {
        try
        {
            if (_batched is not null)
            {
                _batched.SendPacket(packet.Kind, packet.Span, shift, batch);
            }
            else
            {
                Subscriber.SendPacket(packet.Kind, packet.Span);
            }

            Volatile.Write(ref _forwarded, _forwarded + 1); // one writer: the child's worker
        }
#pragma warning disable CA1031 // One faulty child must not stop the worker that serves hundreds of others.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
