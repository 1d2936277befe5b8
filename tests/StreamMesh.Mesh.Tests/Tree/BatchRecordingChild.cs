using System.Buffers.Binary;
using System.Net;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Tests.Tree;

/// <summary>
/// A child of a relay's stream that sends what it gets as a viewer's session would: into the batch it is
/// handed, through its own socket, to a real destination. It notes, per video packet, which flush of the
/// batch carries it (packets of one dispatch share one), and can hold the publishing thread on the
/// first audio packet so that what the parent sends meanwhile queues up on the relay's socket.
/// </summary>
internal sealed class BatchRecordingChild(UdpMux socket, SocketAddress destination) : IBatchedStreamSubscriber, IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly List<(ushort Sequence, long Flush)> _video = [];
    private int _audio;

    /// <summary>Completes when the first audio packet holds the publishing thread.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Video packets in arrival order, with the flush (of the batch they were written to) that sends them.</summary>
    public IReadOnlyList<(ushort Sequence, long Flush)> Video
    {
        get
        {
            lock (_video)
            {
                return [.. _video];
            }
        }
    }

    public void Release() => _release.Set();

    public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => SendPacket(kind, rtpPacket, 0, null);

    public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
    {
        if (batch is null)
        {
            socket.Send(rtpPacket, destination);
        }
        else
        {
            rtpPacket.CopyTo(batch.Reserve(socket));
            batch.Commit(rtpPacket.Length, destination);
        }

        if (kind == MediaKind.Video)
        {
            lock (_video)
            {
                // The batch is flushed once per dispatch: this packet goes out with flush number Flushes + 1.
                _video.Add((BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]), batch?.Flushes ?? -1));
            }
        }
        else if (Interlocked.Increment(ref _audio) == 1)
        {
            Holding.TrySetResult();
            _release.Wait(TimeSpan.FromSeconds(20));
        }
    }

    public void Dispose() => _release.Dispose();
}
