using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;
using static StreamMesh.Mesh.Tests.Streams.StreamTestPackets;

namespace StreamMesh.Mesh.Tests.Streams;

/// <summary>
/// Audio a lagging child does not get must be hidden from it like skipped video: a continuous audio
/// sequence, so it neither NACKs nor reports as lost what it was never going to get. Inline scheduler
/// (sends on the publishing thread) and fake time: a queue fills when video is queued and not yet sent
/// (<see cref="LiveStream.QueueVideo"/>), and ages when the fake clock moves.
/// </summary>
public sealed class LaggingChildAudioTests
{
    [Fact]
    public void AudioDroppedOnAFullQueue_ChildSeesAContinuousAudioSequence()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 0, ChildQueueCapacity = 16, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var child = new KindRecordingChild();
        var subscription = stream.Attach(child);

        stream.PublishAudio(Rtp(100));
        ushort video = 1;
        for (ushort audio = 101; audio <= 103; audio++)
        {
            // A frame's worth of video waits in the child's queue, so this audio packet finds no room.
            for (var i = 0; i < 16; i++, video++)
            {
                stream.QueueVideo(Rtp(video), startsKeyframe: video == 1);
            }

            stream.PublishAudio(Rtp(audio));
        }

        stream.PublishAudio(Rtp(104));
        stream.PublishAudio(Rtp(105));

        Assert.Equal([100, 101, 102], child.AudioSequences);          // 104 and 105 follow 100 without a gap
        Assert.Equal(Enumerable.Range(1, 48), child.VideoSequences); // video had room every time
        Assert.Equal(3, subscription.PacketsDropped);
        Assert.Equal(3, subscription.AudioPacketsDropped);
        Assert.Equal(1, subscription.DegradedEpisodes);
    }

    [Fact]
    public void AudioDroppedWhileTheBacklogIsTooOld_ChildSeesAContinuousAudioSequence()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 0, MaxQueueDelay = TimeSpan.FromMilliseconds(250) });
        using var stream = new LiveStream("demo", Video, Audio, time, scheduler);
        var child = new KindRecordingChild();
        var subscription = stream.Attach(child);

        stream.PublishAudio(Rtp(200));
        for (ushort audio = 201; audio <= 204; audio++)
        {
            // A frame queued and not sent for longer than MaxQueueDelay: the child is behind.
            stream.QueueVideo(Rtp((ushort)(audio - 200)), startsKeyframe: audio == 201);
            time.Advance(TimeSpan.FromMilliseconds(300));
            stream.PublishAudio(Rtp(audio));
        }

        stream.PublishAudio(Rtp(205));
        time.Advance(TimeSpan.FromMilliseconds(20));
        stream.PublishAudio(Rtp(206));

        Assert.Equal([200, 201, 202], child.AudioSequences); // 205 and 206 follow 200 without a gap
        Assert.Equal([1, 2, 3, 4], child.VideoSequences);
        Assert.Equal(4, subscription.AudioPacketsDropped);
        Assert.Equal(4, subscription.PacketsDropped);
        Assert.Equal(1, subscription.DegradedEpisodes);
    }

    [Fact]
    public void AudioFedAgainBetweenTwoLags_CountsTwoEpisodesAndKeepsTheSequenceContinuous()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 0, ChildQueueCapacity = 16, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var child = new KindRecordingChild();
        var subscription = stream.Attach(child);

        ushort video = 1;
        foreach (var (dropped, delivered) in new (ushort, ushort)[] { (300, 301), (302, 303) })
        {
            for (var i = 0; i < 16; i++, video++)
            {
                stream.QueueVideo(Rtp(video), startsKeyframe: video == 1);
            }

            stream.PublishAudio(Rtp(dropped));
            stream.PublishAudio(Rtp(delivered));
        }

        Assert.Equal([300, 301], child.AudioSequences); // each delivered packet shifted by the drops before it
        Assert.Equal([1, 2], child.AudioShifts);
        Assert.Equal(2, subscription.DegradedEpisodes);
        Assert.Equal(2, subscription.AudioPacketsDropped);
    }

    /// <summary>Records, per kind, the sequence numbers a viewer would see (after the shift the stream asks for).</summary>
    private sealed class KindRecordingChild : IBatchedStreamSubscriber
    {
        public List<int> AudioSequences { get; } = [];

        public List<int> AudioShifts { get; } = [];

        public List<int> VideoSequences { get; } = [];

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => SendPacket(kind, rtpPacket, 0, null);

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
        {
            var viewerSequence = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]) - sequenceShift);
            if (kind == MediaKind.Audio)
            {
                AudioSequences.Add(viewerSequence);
                AudioShifts.Add(sequenceShift);
            }
            else
            {
                VideoSequences.Add(viewerSequence);
            }
        }
    }
}
