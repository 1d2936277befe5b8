using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using static StreamMesh.Mesh.Tests.Streams.StreamTestPackets;

namespace StreamMesh.Mesh.Tests.Streams;

public sealed class LiveStreamTests
{

    [Fact]
    public void Attach_MidGop_ReplaysFromTheLastKeyframeThenContinuesLive()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        stream.PublishVideo(Rtp(1), startsKeyframe: true);
        stream.PublishVideo(Rtp(2), startsKeyframe: false);
        stream.PublishVideo(Rtp(3), startsKeyframe: true);
        stream.PublishVideo(Rtp(4), startsKeyframe: false);
        var subscriber = new RecordingSubscriber();

        stream.Attach(subscriber);
        stream.PublishVideo(Rtp(5), startsKeyframe: false);

        Assert.Equal([3, 4, 5], subscriber.VideoSequenceNumbers);
    }

    [Fact]
    public void Attach_BeforeAnyKeyframe_ReplaysNothingAndHasKeyframeIsFalse()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        stream.PublishVideo(Rtp(1), startsKeyframe: false);
        var subscriber = new RecordingSubscriber();

        stream.Attach(subscriber);

        Assert.Empty(subscriber.VideoSequenceNumbers);
        Assert.False(stream.HasKeyframe);
    }

    [Fact]
    public void Detach_StopsDelivery_OthersKeepReceiving()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        var leaving = new RecordingSubscriber();
        var staying = new RecordingSubscriber();
        stream.Attach(leaving);
        stream.Attach(staying);

        stream.PublishAudio(Rtp(10));
        stream.Detach(leaving);
        stream.PublishAudio(Rtp(11));

        Assert.Equal([10], leaving.AudioSequenceNumbers);
        Assert.Equal([10, 11], staying.AudioSequenceNumbers);
        Assert.Equal(1, stream.SubscriberCount);
    }

    [Fact]
    public void TryGetRetransmission_CachedPacket_CopiesItAndUnknownReturnsZero()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        var packet = Rtp(42);
        stream.PublishVideo(packet, startsKeyframe: true);
        var buffer = new byte[1500];

        var length = stream.TryGetRetransmission(MediaKind.Video, 42, buffer);

        Assert.Equal(packet, buffer[..length]);
        Assert.Equal(0, stream.TryGetRetransmission(MediaKind.Video, 43, buffer));
        Assert.Equal(0, stream.TryGetRetransmission(MediaKind.Audio, 42, buffer));
    }

    [Fact]
    public void RequestKeyframe_CountsAndNotifies()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        var raised = 0;
        stream.KeyframeRequested += _ => raised++;

        stream.RequestKeyframe();
        stream.RequestKeyframe();

        Assert.Equal(2, stream.KeyframeRequests);
        Assert.Equal(2, raised);
    }

    private static byte[] Rtp(ushort sequenceNumber) => StreamTestPackets.Rtp(sequenceNumber, length: 20);

    private sealed class RecordingSubscriber : IStreamSubscriber
    {
        public List<int> VideoSequenceNumbers { get; } = [];

        public List<int> AudioSequenceNumbers { get; } = [];

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket)
        {
            var sequence = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
            (kind == MediaKind.Video ? VideoSequenceNumbers : AudioSequenceNumbers).Add(sequence);
        }
    }
}
