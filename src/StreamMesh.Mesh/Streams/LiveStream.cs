using System.Buffers.Binary;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// The hub of one stream on a node: publishers hand it RTP packets once, it fans them out to every
/// subscriber, keeps the current GOP so a new subscriber sees a picture at once, and keeps a
/// retransmission cache per track so NACKs are answered at this hop.
/// </summary>
/// <remarks>
/// Video publishing and subscriber attachment share one lock, so the GOP replay to a new subscriber
/// and the live packets that follow it form one contiguous sequence. The subscriber list is an
/// immutable array swapped on change, so audio publishing reads it without a lock.
/// </remarks>
public sealed class LiveStream : IDisposable
{
    private readonly object _videoLock = new();
    private readonly object _audioLock = new();
    private readonly object _subscribersLock = new();
    private readonly PacketRing _gop = new(maxPackets: 4096);
    private readonly RtpRetransmitCache _videoCache;
    private readonly RtpRetransmitCache _audioCache;
    private IStreamSubscriber[] _subscribers = [];
    private bool _gopStarted;
    private long _keyframeRequests;

    public LiveStream(string name, StreamTrack video, StreamTrack audio, TimeProvider timeProvider)
    {
        Name = name;
        Video = video;
        Audio = audio;
        _videoCache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 2048, MaxAge = TimeSpan.FromSeconds(2) }, timeProvider);
        _audioCache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 256, MaxAge = TimeSpan.FromSeconds(2) }, timeProvider);
    }

    public string Name { get; }

    public StreamTrack Video { get; }

    public StreamTrack Audio { get; }

    public TrackClock VideoClock { get; } = new();

    public TrackClock AudioClock { get; } = new();

    /// <summary>True once a keyframe has been published: a new viewer can be served a picture.</summary>
    public bool HasKeyframe
    {
        get
        {
            lock (_videoLock)
            {
                return _gopStarted;
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    /// <summary>Raised (rate-limited by the caller's policy) when a subscriber asked for a keyframe (PLI/FIR).</summary>
    public event Action<LiveStream>? KeyframeRequested;

    public void PublishVideo(ReadOnlySpan<byte> rtpPacket, bool startsKeyframe)
    {
        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        lock (_videoLock)
        {
            if (startsKeyframe)
            {
                _gop.Reset();
                _gopStarted = true;
            }

            if (_gopStarted)
            {
                _gop.Append(rtpPacket);
            }

            _videoCache.Store(rtpPacket, sequenceNumber);
            var subscribers = Volatile.Read(ref _subscribers);
            foreach (var subscriber in subscribers)
            {
                subscriber.SendPacket(MediaKind.Video, rtpPacket);
            }
        }
    }

    public void PublishAudio(ReadOnlySpan<byte> rtpPacket)
    {
        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        lock (_audioLock)
        {
            _audioCache.Store(rtpPacket, sequenceNumber);
            var subscribers = Volatile.Read(ref _subscribers);
            foreach (var subscriber in subscribers)
            {
                subscriber.SendPacket(MediaKind.Audio, rtpPacket);
            }
        }
    }

    /// <summary>Adds a subscriber, first replaying the current GOP to it so it can decode at once.</summary>
    public void Attach(IStreamSubscriber subscriber)
    {
        lock (_videoLock)
        {
            if (_gopStarted && !_gop.Overflowed)
            {
                for (var i = 0; i < _gop.Count; i++)
                {
                    subscriber.SendPacket(MediaKind.Video, _gop[i]);
                }
            }

            lock (_subscribersLock)
            {
                _subscribers = [.. _subscribers, subscriber];
            }
        }
    }

    public void Detach(IStreamSubscriber subscriber)
    {
        lock (_subscribersLock)
        {
            var index = Array.IndexOf(_subscribers, subscriber);
            if (index < 0)
            {
                return;
            }

            var next = new IStreamSubscriber[_subscribers.Length - 1];
            Array.Copy(_subscribers, 0, next, 0, index);
            Array.Copy(_subscribers, index + 1, next, index, _subscribers.Length - index - 1);
            _subscribers = next;
        }
    }

    /// <summary>Copies the cached packet with <paramref name="sequenceNumber"/> into <paramref name="destination"/>.</summary>
    /// <returns>The packet length, or 0 when it is no longer cached.</returns>
    public int TryGetRetransmission(MediaKind kind, ushort sequenceNumber, Span<byte> destination)
    {
        if (kind == MediaKind.Video)
        {
            lock (_videoLock)
            {
                return _videoCache.TryCopyTo(sequenceNumber, destination, out var length) ? length : 0;
            }
        }

        lock (_audioLock)
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
        _gop.Dispose();
        _videoCache.Dispose();
        _audioCache.Dispose();
    }
}
