using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// One child attached to a <see cref="LiveStream"/>: its bounded packet queue, its place on a send
/// worker, and what happened to its packets. A child that falls behind (a full queue, or a backlog
/// older than the stream's limit) is degraded, not waited for: its queue is never grown, video is
/// skipped up to the next keyframe, audio is dropped until there is room again, and the skipped
/// packets of each kind are hidden from it by a per-kind sequence shift, so it neither stalls the
/// others nor NACKs (or reports as lost) what it was never meant to get.
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
    private long _audioDropped;
    private long _degradedEpisodes;
    private long _failures;
    private int _closed;

    // Producer-side state (publishing lock).
    private bool _skippingVideo;
    private bool _droppingAudio;
    private ushort _videoShift;
    private ushort _audioShift;

    private readonly long _maxQueueDelayTicks;

    /// <param name="timestampFrequency">Ticks per second of the timestamps <see cref="Offer"/> is given (the stream's clock).</param>
    internal StreamSubscription(IStreamSubscriber subscriber, int queueCapacity, TimeSpan maxQueueDelay, long timestampFrequency)
    {
        _maxQueueDelayTicks = (long)(maxQueueDelay.TotalSeconds * timestampFrequency);
        Subscriber = subscriber;
        _batched = subscriber as IBatchedStreamSubscriber;
        _queue = new ChildPacketQueue(queueCapacity);
    }

    public IStreamSubscriber Subscriber { get; }

    /// <summary>Packets handed to the subscriber.</summary>
    public long PacketsForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Packets, audio and video, this child did not get because it was behind (queue full or backlog too old; video skipped to the next keyframe).</summary>
    public long PacketsDropped => Interlocked.Read(ref _dropped);

    /// <summary>The audio packets among <see cref="PacketsDropped"/>.</summary>
    public long AudioPacketsDropped => Interlocked.Read(ref _audioDropped);

    /// <summary>
    /// Times the child fell behind and started losing packets: video cut back to the next keyframe, or
    /// a run of dropped audio, whichever came first (one episode lasts until both are fed again).
    /// </summary>
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
                StartSkippingVideo();
                SkipVideo();
            }
            else
            {
                DropAudio();
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
        if (_queue.TryEnqueue(packet, isVideo ? _videoShift : _audioShift, now))
        {
            if (!isVideo)
            {
                _droppingAudio = false;
            }

            return true;
        }

        packet.Release();
        if (isVideo)
        {
            // A picture with a hole in it is worse than none: cut video back to the next keyframe.
            StartSkippingVideo();
            SkipVideo();
        }
        else
        {
            DropAudio();
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

    private void StartSkippingVideo()
    {
        if (!_skippingVideo)
        {
            CountEpisodeStart();
            _skippingVideo = true;
        }
    }

    private void SkipVideo()
    {
        _videoShift++;
        Interlocked.Increment(ref _dropped);
    }

    /// <summary>
    /// Drops an audio packet for this child and hides it: the audio packets queued after it are shifted
    /// down by one more, so the child sees consecutive sequence numbers and has nothing to NACK.
    /// </summary>
    /// <remarks>
    /// The RTP timestamp is left alone, so it jumps where packets are missing. RFC 3550 §5.1: the sequence
    /// number counts packets (a receiver detects loss by it), the timestamp is the sampling instant of
    /// the payload and need not advance evenly — consecutive sequence numbers around a timestamp jump mean
    /// "nothing was sent for that time", not loss. That is exactly what an Opus sender in discontinuous
    /// transmission produces (RFC 7587 §3.1.3), and the receiver's jitter buffer conceals the gap.
    /// </remarks>
    private void DropAudio()
    {
        if (!_droppingAudio)
        {
            CountEpisodeStart();
            _droppingAudio = true;
        }

        _audioShift++;
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _audioDropped);
    }

    /// <summary>A new episode only when the child was losing nothing: video and audio dropped together are one lag.</summary>
    private void CountEpisodeStart()
    {
        if (!_skippingVideo && !_droppingAudio)
        {
            Interlocked.Increment(ref _degradedEpisodes);
        }
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
