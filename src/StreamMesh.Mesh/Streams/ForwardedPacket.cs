using System.Buffers.Binary;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// One published RTP packet as every subscriber of a stream shares it: a pooled buffer written
/// once by the publisher and read by each child's send worker, reference-counted so it returns to
/// its pool when the last child has sent it and the GOP cache no longer holds it.
/// </summary>
/// <remarks>
/// The bytes are immutable while referenced: children rewrite their own copy in the socket batch
/// slot they encrypt into, never this buffer. <see cref="AddReference"/> and <see cref="Release"/>
/// are thread-safe; releasing more often than referenced throws, because a buffer back in the pool
/// while still queued would be overwritten under a child.
/// </remarks>
public sealed class ForwardedPacket
{
    /// <summary>The largest RTP packet a stream carries (one Ethernet MTU).</summary>
    public const int MaxLength = 1500;

    private readonly ForwardedPacketPool _pool;
    private readonly byte[] _buffer = new byte[MaxLength];
    private int _references;

    internal ForwardedPacket(ForwardedPacketPool pool) => _pool = pool;

    public MediaKind Kind { get; private set; }

    /// <summary>True for the first packet of a keyframe: where a child that fell behind may resume.</summary>
    public bool StartsKeyframe { get; private set; }

    public int Length { get; private set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of publication, for per-hop latency.</summary>
    public long PublishedAt { get; private set; }

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(2));

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Current holders (publisher, GOP cache, child queues); 0 once back in the pool.</summary>
    public int References => Volatile.Read(ref _references);

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _pool.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A forwarded packet was released more often than it was referenced.");
        }
    }

    internal void Initialize(ReadOnlySpan<byte> rtpPacket, MediaKind kind, bool startsKeyframe, long publishedAt)
    {
        rtpPacket.CopyTo(_buffer);
        Length = rtpPacket.Length;
        Kind = kind;
        StartsKeyframe = startsKeyframe;
        PublishedAt = publishedAt;
        Volatile.Write(ref _references, 1);
    }
}
