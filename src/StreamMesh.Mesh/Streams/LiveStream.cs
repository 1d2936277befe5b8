using System.Buffers.Binary;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// The hub of one stream on a node: publishers hand it RTP packets once, it copies each into one
/// pooled, reference-counted <see cref="ForwardedPacket"/> that every subscriber shares, queues a
/// reference per subscriber for the <see cref="FanOutScheduler"/>'s send workers, keeps the current
/// GOP (as references) so a new subscriber sees a picture at once, and keeps a retransmission cache
/// per track so NACKs are answered at this hop.
/// </summary>
/// <remarks>
/// <para>
/// Publishing (audio and video) and attaching share one lock, so the GOP replay to a new subscriber
/// and the live packets that follow it form one contiguous sequence in its queue, and each queue has
/// a single producer. The lock is held for a copy and one queue write per subscriber; encryption and
/// sending happen on the send workers.
/// </para>
/// <para>
/// A publisher that has a whole frame queues its packets (<see cref="QueueVideo"/>) and hands them on
/// once (<see cref="SendQueued"/>): one wake-up and one sendmmsg per frame instead of one per packet.
/// A stream with few children (<see cref="FanOutOptions.InlineChildrenPerStream"/>) sends to them on the
/// publishing thread, under the lock, with no thread hop at all. When its audience grows past that, all its
/// children move to the send workers — a safe hand-over, because an inline child is only ever drained
/// under the lock the move is made under, and the inline batch is flushed by then — and stay there until
/// the stream has no children again (moving a child back would need a hand-shake with its worker).
/// </para>
/// </remarks>
public sealed class LiveStream : IDisposable
{
    private readonly object _publishLock = new();
    private readonly object _videoCacheLock = new();
    private readonly object _audioCacheLock = new();
    private readonly PacketRing _gop = new(maxPackets: 4096);
    private readonly RtpRetransmitCache _videoCache;
    private readonly RtpRetransmitCache _audioCache;
    private readonly FanOutScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly bool _timeIsStopwatch;
    private StreamSubscription[] _subscriptions = [];
    private UdpDatagramBatch? _inlineBatch;
    private bool _sendsInline = true;
    private bool _gopStarted;
    private long _keyframeRequests;
    private long _published;

    public LiveStream(string name, StreamTrack video, StreamTrack audio, TimeProvider timeProvider)
        : this(name, video, audio, timeProvider, FanOutScheduler.Shared)
    {
    }

    public LiveStream(string name, StreamTrack video, StreamTrack audio, TimeProvider timeProvider, FanOutScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        Name = name;
        Video = video;
        Audio = audio;
        _scheduler = scheduler;
        _time = timeProvider;

        // The system clock's timestamps are the Stopwatch's, which every packet already carries.
        _timeIsStopwatch = ReferenceEquals(timeProvider, TimeProvider.System);
        _videoCache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 2048, MaxAge = TimeSpan.FromSeconds(2) }, timeProvider);
        _audioCache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 256, MaxAge = TimeSpan.FromSeconds(2) }, timeProvider);
    }

    public string Name { get; }

    public StreamTrack Video { get; }

    public StreamTrack Audio { get; }

    public TrackClock VideoClock { get; } = new();

    public TrackClock AudioClock { get; } = new();

    /// <summary>The shared packet buffers: <see cref="ForwardedPacketPool.Outstanding"/> shows what GOP and queues hold.</summary>
    public ForwardedPacketPool Packets { get; } = new();

    /// <summary>True once a keyframe has been published: a new viewer can be served a picture.</summary>
    public bool HasKeyframe
    {
        get
        {
            lock (_publishLock)
            {
                return _gopStarted;
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Length;

    /// <summary>The children attached now, with their queue and drop counters.</summary>
    public IReadOnlyList<StreamSubscription> Subscriptions => Volatile.Read(ref _subscriptions);

    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    /// <summary>Packets published into this stream (each forwarded to every subscriber).</summary>
    public long PacketsPublished => Interlocked.Read(ref _published);

    /// <summary>Raised (rate-limited by the caller's policy) when a subscriber asked for a keyframe (PLI/FIR).</summary>
    public event Action<LiveStream>? KeyframeRequested;

    /// <summary>True while this stream sends to its children on the publishing thread rather than through send workers.</summary>
    public bool SendsInline
    {
        get
        {
            lock (_publishLock)
            {
                return _scheduler.IsInline || _sendsInline;
            }
        }
    }

    /// <summary>Publishes one video packet and sends it on at once (a relay forwarding packet by packet).</summary>
    public void PublishVideo(ReadOnlySpan<byte> rtpPacket, bool startsKeyframe)
    {
        QueueVideo(rtpPacket, startsKeyframe);
        SendQueued();
    }

    /// <summary>
    /// Publishes one video packet to every child's queue without sending it yet: a publisher holding a
    /// whole frame queues all its packets, then calls <see cref="SendQueued"/> once. Until then the
    /// packets wait (another track's publish may send them earlier, in order).
    /// </summary>
    public void QueueVideo(ReadOnlySpan<byte> rtpPacket, bool startsKeyframe)
    {
        if (rtpPacket.Length < 12 || rtpPacket.Length > ForwardedPacket.MaxLength)
        {
            return;
        }

        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        lock (_videoCacheLock)
        {
            _videoCache.Store(rtpPacket, sequenceNumber);
        }

        lock (_publishLock)
        {
            var packet = Packets.Rent(rtpPacket, MediaKind.Video, startsKeyframe);
            if (startsKeyframe)
            {
                _gop.Reset();
                _gopStarted = true;
            }

            if (_gopStarted)
            {
                _gop.Append(packet);
            }

            Fan(packet);
        }
    }

    /// <summary>
    /// Sends what was queued since the last call: inline children are sent to right here in one batch,
    /// send workers serving the others are woken (once, however many packets wait).
    /// </summary>
    public void SendQueued()
    {
        lock (_publishLock)
        {
            _scheduler.Dispatch(_subscriptions, _inlineBatch);
        }
    }

    /// <summary>Publishes one audio packet and sends it on at once.</summary>
    public void PublishAudio(ReadOnlySpan<byte> rtpPacket)
    {
        if (rtpPacket.Length < 12 || rtpPacket.Length > ForwardedPacket.MaxLength)
        {
            return;
        }

        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        lock (_audioCacheLock)
        {
            _audioCache.Store(rtpPacket, sequenceNumber);
        }

        lock (_publishLock)
        {
            Fan(Packets.Rent(rtpPacket, MediaKind.Audio, startsKeyframe: false));
            _scheduler.Dispatch(_subscriptions, _inlineBatch);
        }
    }

    /// <summary>Adds a subscriber, first queueing the current GOP for it so it can decode at once.</summary>
    public StreamSubscription Attach(IStreamSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var subscription = _scheduler.CreateSubscription(subscriber, _time.TimestampFrequency);
        lock (_publishLock)
        {
            subscription.StartWithGop(_gop, _gopStarted, _time.GetTimestamp());
            PlaceNewChild(subscription);
            _subscriptions = [.. _subscriptions, subscription];
            _scheduler.Dispatch([subscription], _inlineBatch);
        }

        return subscription;
    }

    public void Detach(IStreamSubscriber subscriber)
    {
        lock (_publishLock)
        {
            var index = -1;
            for (var i = 0; i < _subscriptions.Length; i++)
            {
                if (ReferenceEquals(_subscriptions[i].Subscriber, subscriber))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return;
            }

            var leaving = _subscriptions[index];
            var next = new StreamSubscription[_subscriptions.Length - 1];
            Array.Copy(_subscriptions, 0, next, 0, index);
            Array.Copy(_subscriptions, index + 1, next, index, _subscriptions.Length - index - 1);
            _subscriptions = next;
            FanOutScheduler.Close(leaving);
        }
    }

    /// <summary>Copies the cached packet with <paramref name="sequenceNumber"/> into <paramref name="destination"/>.</summary>
    /// <returns>The packet length, or 0 when it is no longer cached.</returns>
    public int TryGetRetransmission(MediaKind kind, ushort sequenceNumber, Span<byte> destination)
    {
        if (kind == MediaKind.Video)
        {
            lock (_videoCacheLock)
            {
                return _videoCache.TryCopyTo(sequenceNumber, destination, out var length) ? length : 0;
            }
        }

        lock (_audioCacheLock)
        {
            return _audioCache.TryCopyTo(sequenceNumber, destination, out var length) ? length : 0;
        }
    }

    public void RequestKeyframe()
    {
        Interlocked.Increment(ref _keyframeRequests);
        KeyframeRequested?.Invoke(this);
    }

    public void Dispose()
    {
        lock (_publishLock)
        {
            foreach (var subscription in _subscriptions)
            {
                FanOutScheduler.Close(subscription);
            }

            _subscriptions = [];
            _gop.Dispose();
            _inlineBatch?.Dispose();
            _inlineBatch = null;
        }

        _videoCache.Dispose();
        _audioCache.Dispose();
    }

    /// <summary>Queues the packet for every subscriber (sending is the caller's next step); called under the publishing lock.</summary>
    private void Fan(ForwardedPacket packet)
    {
        Interlocked.Increment(ref _published);
        var subscriptions = _subscriptions;
        // How long a child's backlog has waited is measured on the stream's clock (fake in tests); the
        // per-hop latency keeps the Stopwatch stamp.
        var now = _timeIsStopwatch ? packet.PublishedAt : _time.GetTimestamp();
        foreach (var subscription in subscriptions)
        {
            subscription.Offer(packet, now);
        }

        // The publisher's own reference: the GOP and the queues hold theirs.
        packet.Release();
    }

    /// <summary>
    /// Decides who sends to a new child (under the publishing lock): this thread while the stream is small,
    /// else a send worker. Growing past the inline limit moves every child to the workers.
    /// </summary>
    private void PlaceNewChild(StreamSubscription child)
    {
        if (_scheduler.IsInline)
        {
            _inlineBatch ??= new UdpDatagramBatch(_scheduler.Options.BatchSize);
            return;
        }

        if (_subscriptions.Length == 0)
        {
            // The last worker-served child left: nothing to hand back, so the stream can start over inline.
            _sendsInline = true;
        }

        if (_sendsInline && _subscriptions.Length + 1 > _scheduler.Options.InlineChildrenPerStream)
        {
            // Inline children are drained only under this lock and every inline drain ends with a flush,
            // so none of them is being sent to now and no packet of theirs waits in the inline batch: the
            // worker takes over each queue exactly where this thread left it, in order.
            foreach (var existing in _subscriptions)
            {
                _scheduler.Assign(existing);
            }

            _sendsInline = false;
        }

        if (_sendsInline)
        {
            _inlineBatch ??= new UdpDatagramBatch(_scheduler.Options.BatchSize);
            return;
        }

        _scheduler.Assign(child);
    }
}
