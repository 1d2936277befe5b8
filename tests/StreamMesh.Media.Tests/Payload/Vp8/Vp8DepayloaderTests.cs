using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Vp8;

namespace StreamMesh.Media.Tests.Payload.Vp8;

public sealed class Vp8DepayloaderTests
{
    private static byte[] Frame(int length, bool keyframe, int seed = 1)
    {
        var frame = new byte[length];
        new Random(seed).NextBytes(frame);
        frame[0] = (byte)((frame[0] & 0xFE) | (keyframe ? 0 : 1));
        return frame;
    }

    private static List<RecordedPayload> Packetize(Vp8Payloader payloader, byte[] frame)
    {
        var sink = new RecordingPayloadSink();
        payloader.Packetize(frame, sink);
        return sink.Payloads;
    }

    [Fact]
    public void PushRoundTrip_RandomFrames_ReassemblesByteIdenticalWithKeyframeFlags()
    {
        var random = new Random(4242);
        var payloader = new Vp8Payloader(new RtpPayloaderOptions { MaxPayloadSize = 400 }, initialPictureId: 32_700);
        var depayloader = new Vp8Depayloader();
        var feed = new DepayloaderFeed(depayloader, firstSequenceNumber: 65_400);
        var frames = new List<byte[]>();

        for (int i = 0; i < 150; i++)
        {
            int length = random.Next(3) switch { 0 => random.Next(1, 396), 1 => random.Next(396, 398), _ => random.Next(398, 20_000) };
            byte[] frame = Frame(length, keyframe: i % 30 == 0, seed: random.Next());
            frames.Add(frame);
            feed.PushFrame(Packetize(payloader, frame), (uint)(i * 3_000));
        }

        Assert.Equal(frames.Count, feed.Frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i], feed.Frames[i].Data);
            Assert.Equal(i % 30 == 0, feed.Frames[i].IsKeyframe);
        }

        Assert.Equal((32_700 + 149) & 0x7FFF, depayloader.LastPictureId);
        Assert.Equal(0, depayloader.Statistics.MalformedPackets);
    }

    [Fact]
    public void Push_SevenBitPictureIdAndLayerFields_StripsTheWholeDescriptor()
    {
        var depayloader = new Vp8Depayloader();
        var feed = new DepayloaderFeed(depayloader);

        feed.Push(Hex.Parse("90 E0 11 01 20  10 02 00"), marker: false, 1, 0);   // X,S; I,L,T; PictureID 17; TL0PICIDX; TID/Y
        feed.Push(Hex.Parse("80 E0 11 01 20  9D 01 2A"), marker: true, 2, 0);    // continuation

        (byte[] data, _, bool isKeyframe) = Assert.Single(feed.Frames);
        Assert.Equal(Hex.Parse("10 02 00 9D 01 2A"), data);
        Assert.True(isKeyframe);
        Assert.Equal(17, depayloader.LastPictureId);
    }

    [Fact]
    public void Push_SecondPartitionStart_ContinuesTheFrame()
    {
        var feed = new DepayloaderFeed(new Vp8Depayloader());

        feed.Push(Hex.Parse("10 00 AA"), marker: false, 1, 0);  // S=1 PID=0: frame start (key frame)
        feed.Push(Hex.Parse("11 BB"), marker: true, 2, 0);      // S=1 PID=1: partition 1 of the same frame

        Assert.Equal(Hex.Parse("00 AA BB"), Assert.Single(feed.Frames).Data);
    }

    [Fact]
    public void Push_LostMiddlePacket_DropsFrameAndNeedsKeyframeUntilNextKeyframe()
    {
        var payloader = new Vp8Payloader(initialPictureId: 0);
        var depayloader = new Vp8Depayloader();
        var feed = new DepayloaderFeed(depayloader);

        feed.PushFrame(Packetize(payloader, Frame(3_000, true)), 0);
        feed.PushFrame(Packetize(payloader, Frame(3_000, false)), 3_000, lose: 1);
        Assert.True(depayloader.NeedsKeyframe);
        feed.PushFrame(Packetize(payloader, Frame(500, false)), 6_000);
        feed.PushFrame(Packetize(payloader, Frame(3_000, true, seed: 2)), 9_000);
        feed.PushFrame(Packetize(payloader, Frame(500, false)), 12_000);

        Assert.Equal([0u, 9_000u, 12_000u], feed.Frames.Select(f => f.Timestamp));
        Assert.False(depayloader.NeedsKeyframe);
        Assert.Equal(1, depayloader.Statistics.LostPackets);
        Assert.Equal(1, depayloader.Statistics.FramesDropped);
        Assert.Equal(1, depayloader.Statistics.FramesAwaitingKeyframe);
    }

    [Fact]
    public void Push_NewFrameStartBeforeMarker_DropsThePreviousFrame()
    {
        var depayloader = new Vp8Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false });
        var feed = new DepayloaderFeed(depayloader);

        feed.Push(Hex.Parse("10 00 AA"), marker: false, 1, 0);
        feed.Push(Hex.Parse("10 00 BB"), marker: true, 2, 0);

        Assert.Equal(Hex.Parse("00 BB"), Assert.Single(feed.Frames).Data);
        Assert.Equal(1, depayloader.Statistics.FramesDropped);
    }

    [Theory]
    [InlineData("80")]          // truncated descriptor
    [InlineData("80 80 92")]    // truncated long PictureID
    [InlineData("90 80 92 67")] // descriptor without VP8 data
    [InlineData("00 AA")]       // continuation without a frame start
    public void Push_MalformedPayload_IsCountedAndDropped(string hex)
    {
        var depayloader = new Vp8Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false });

        DepayloadStatus status = depayloader.Push(Hex.Parse(hex), marker: true, 1, 0, out DepayloadedFrame frame);

        Assert.Equal(DepayloadStatus.Malformed, status);
        Assert.True(frame.Data.IsEmpty);
        Assert.Equal(1, depayloader.Statistics.MalformedPackets);
    }

    [Fact]
    public void Push_EmptyPayload_IsCountedAndIgnored()
    {
        var depayloader = new Vp8Depayloader();

        Assert.Equal(DepayloadStatus.Ignored, depayloader.Push([], false, 1, 0, out _));
        Assert.Equal(1, depayloader.Statistics.EmptyPackets);
    }

    [Fact]
    public void Push_FrameLargerThanBound_IsDropped()
    {
        var depayloader = new Vp8Depayloader(new RtpDepayloaderOptions { MaxFrameSize = 2_048 });
        var feed = new DepayloaderFeed(depayloader);
        var payloader = new Vp8Payloader(initialPictureId: 0);

        feed.PushFrame(Packetize(payloader, Frame(5_000, true)), 0);
        feed.PushFrame(Packetize(payloader, Frame(1_000, true)), 3_000);

        Assert.Equal(1, depayloader.Statistics.OversizeFrames);
        Assert.Equal(3_000u, Assert.Single(feed.Frames).Timestamp);
    }

    [Fact]
    public void Push_RandomGarbage_NeverThrows()
    {
        var random = new Random(5);
        var depayloader = new Vp8Depayloader(new RtpDepayloaderOptions { MaxFrameSize = 8 * 1024 });
        for (int i = 0; i < 20_000; i++)
        {
            var payload = new byte[random.Next(0, 30)];
            random.NextBytes(payload);
            depayloader.Push(payload, random.Next(3) == 0, (ushort)(i + random.Next(-1, 2)), (uint)(i / 4), out _);
        }

        Assert.Equal(20_000, depayloader.Statistics.PacketsReceived);
    }

    [Fact]
    public void PacketizeAndPush_SteadyState_AllocateNothing()
    {
        var payloader = new Vp8Payloader(initialPictureId: 0);
        var sink = new CopyingPayloadSink(new Vp8Depayloader());
        byte[] keyframe = Frame(30_000, true);
        byte[] delta = Frame(4_000, false);
        payloader.Packetize(keyframe, sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            sink.Timestamp += 3_000;
            payloader.Packetize(i % 10 == 0 ? keyframe : delta, sink);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101, sink.FramesReady);
    }
}
