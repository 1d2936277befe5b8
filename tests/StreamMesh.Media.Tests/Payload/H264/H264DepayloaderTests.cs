using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;

namespace StreamMesh.Media.Tests.Payload.H264;

public sealed class H264DepayloaderTests
{
    private static List<RecordedPayload> Packetize(H264Payloader payloader, byte[] accessUnit)
    {
        var sink = new RecordingPayloadSink();
        payloader.Packetize(accessUnit, sink);
        return sink.Payloads;
    }

    private static byte[] Keyframe(int idrSize = 5_000) =>
        H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, H264TestData.Nal(5, idrSize));

    [Fact]
    public void PushRoundTrip_RandomAccessUnits_ReassemblesByteIdenticalWithoutAudAndFiller()
    {
        var random = new Random(20240611);
        var payloader = new H264Payloader(new RtpPayloaderOptions { MaxPayloadSize = 500 });
        var feed = new DepayloaderFeed(new H264Depayloader(), firstSequenceNumber: 65_000); // crosses the wrap
        var expected = new List<byte[]>();

        for (int unit = 0; unit < 200; unit++)
        {
            bool idr = unit % 25 == 0;
            var input = new List<byte[]>();
            var kept = new List<byte[]>();
            void Add(byte[] nal, bool send)
            {
                input.Add(nal);
                if (send)
                {
                    kept.Add(nal);
                }
            }

            if (random.Next(2) == 0)
            {
                Add(Hex.Parse("09 F0"), send: false);
            }

            if (idr)
            {
                Add(H264TestData.Sps, send: true);
                Add(H264TestData.Pps, send: true);
            }

            int nalCount = random.Next(1, 6);
            for (int i = 0; i < nalCount; i++)
            {
                int size = random.Next(4) switch
                {
                    0 => random.Next(2, 40),
                    1 => random.Next(40, 499),
                    2 => random.Next(499, 502),
                    _ => random.Next(502, 6_000),
                };
                int type = i == 0 && nalCount > 1 && random.Next(3) == 0 ? 6 : idr ? 5 : 1;
                Add(H264TestData.Nal(type, size, random.Next(4), random.Next()), send: true);
            }

            if (random.Next(4) == 0)
            {
                Add(H264TestData.Nal(12, random.Next(1, 300), nri: 0), send: false);
            }

            // Mix 3- and 4-byte start codes within the access unit.
            var annexB = new List<byte>();
            foreach (byte[] nal in input)
            {
                annexB.AddRange(random.Next(2) == 0 ? [0, 0, 1] : [0, 0, 0, 1]);
                annexB.AddRange(nal);
            }

            expected.Add(H264TestData.AnnexB(kept));
            feed.PushFrame(Packetize(payloader, [.. annexB]), (uint)(unit * 3_000));
        }

        Assert.Equal(expected.Count, feed.Frames.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], feed.Frames[i].Data);
            Assert.Equal((uint)(i * 3_000), feed.Frames[i].Timestamp);
            Assert.Equal(i % 25 == 0, feed.Frames[i].IsKeyframe);
        }
    }

    [Fact]
    public void Push_StapAWithSpsAndPps_EmitsBothWithStartCodes()
    {
        var feed = new DepayloaderFeed(new H264Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false }));

        feed.Push(
            Hex.Parse("""
                78                          # STAP-A, NRI=3
                00 07 67 42 C0 1F 8C 8D 40  # SPS
                00 04 68 CE 3C 80           # PPS
                """),
            marker: true,
            sequenceNumber: 1,
            timestamp: 90_000);

        var frame = Assert.Single(feed.Frames);
        Assert.Equal(Hex.Parse("00000001 6742C01F8C8D40 00000001 68CE3C80"), frame.Data);
        Assert.False(frame.IsKeyframe);
    }

    [Fact]
    public void Push_FuAFragments_RebuildNalHeaderFromIndicatorAndFuHeader()
    {
        var feed = new DepayloaderFeed(new H264Depayloader());

        feed.Push(Hex.Parse("7C 85 AA BB"), marker: false, sequenceNumber: 10, timestamp: 1);  // FU indicator NRI=3; S=1, type 5
        feed.Push(Hex.Parse("7C 05 CC"), marker: false, sequenceNumber: 11, timestamp: 1);     // middle
        feed.Push(Hex.Parse("7C 45 DD EE"), marker: true, sequenceNumber: 12, timestamp: 1);   // E=1

        var frame = Assert.Single(feed.Frames);
        Assert.Equal(Hex.Parse("00000001 65 AABB CC DDEE"), frame.Data);
        Assert.True(frame.IsKeyframe);
    }

    [Fact]
    public void Push_LostFuAFragment_DropsAccessUnitAndNeedsKeyframeUntilNextIdr()
    {
        var payloader = new H264Payloader();
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);
        byte[] delta = H264TestData.AnnexB(H264TestData.Nal(1, 4_000));

        feed.PushFrame(Packetize(payloader, Keyframe()), 0);
        feed.PushFrame(Packetize(payloader, delta), 3_000);
        Assert.False(depayloader.NeedsKeyframe);

        List<RecordedPayload> damaged = Packetize(payloader, delta);
        Assert.True(damaged.Count >= 3);
        feed.PushFrame(damaged, 6_000, lose: 1);
        Assert.True(depayloader.NeedsKeyframe);

        feed.PushFrame(Packetize(payloader, delta), 9_000);
        feed.PushFrame(Packetize(payloader, Keyframe()), 12_000);
        feed.PushFrame(Packetize(payloader, delta), 15_000);

        Assert.Equal([0u, 3_000u, 12_000u, 15_000u], feed.Frames.Select(f => f.Timestamp));
        Assert.False(depayloader.NeedsKeyframe);
        DepayloaderStatistics stats = depayloader.Statistics;
        Assert.Equal(1, stats.LostPackets);
        Assert.Equal(1, stats.SequenceGaps);
        Assert.Equal(1, stats.FramesDropped);
        Assert.Equal(1, stats.FramesAwaitingKeyframe);
        Assert.Equal(1, stats.KeyframeRequests);
        Assert.Contains(DepayloadStatus.AwaitingKeyframe, feed.Statuses);
    }

    [Fact]
    public void Push_LostFirstFragmentOfIdr_DropsThatIdrToo()
    {
        var payloader = new H264Payloader();
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);

        feed.PushFrame(Packetize(payloader, Keyframe()), 0);
        feed.PushFrame(Packetize(payloader, Keyframe()), 3_000, lose: 0);

        Assert.Single(feed.Frames);
        Assert.True(depayloader.NeedsKeyframe);
    }

    [Fact]
    public void Push_NonIdrBeforeFirstKeyframe_IsWithheld()
    {
        var payloader = new H264Payloader();
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);
        Assert.True(depayloader.NeedsKeyframe);

        feed.PushFrame(Packetize(payloader, H264TestData.AnnexB(H264TestData.Nal(1, 100))), 0);
        feed.PushFrame(Packetize(payloader, Keyframe()), 3_000);

        Assert.Equal([DepayloadStatus.AwaitingKeyframe], feed.Statuses.Take(1));
        var frame = Assert.Single(feed.Frames);
        Assert.True(frame.IsKeyframe);
    }

    [Fact]
    public void Push_WaitForKeyframeDisabled_DeliversDeltaFramesButStillFlagsNeed()
    {
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false });
        var feed = new DepayloaderFeed(depayloader);

        feed.PushFrame(Packetize(new H264Payloader(), H264TestData.AnnexB(H264TestData.Nal(1, 100))), 0);

        Assert.Single(feed.Frames);
        Assert.True(depayloader.NeedsKeyframe);
    }

    [Fact]
    public void Push_LateDuplicatePacket_IsIgnored()
    {
        var payloader = new H264Payloader();
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);
        List<RecordedPayload> keyframe = Packetize(payloader, Keyframe());
        feed.PushFrame(keyframe, 0);

        DepayloadStatus status = feed.Push(keyframe[0].Bytes, keyframe[0].Marker, 0, 0);

        Assert.Equal(DepayloadStatus.Ignored, status);
        Assert.Equal(1, depayloader.Statistics.LatePackets);
        Assert.False(depayloader.NeedsKeyframe);
    }

    [Fact]
    public void Push_TimestampChangesWithoutMarker_DropsUnfinishedAccessUnit()
    {
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);
        feed.Push(Hex.Parse("65 11 22"), marker: true, 1, 0);

        feed.Push(Hex.Parse("41 11 22"), marker: false, 2, 3_000);
        feed.Push(Hex.Parse("65 33 44"), marker: true, 3, 6_000);

        Assert.Equal([0u, 6_000u], feed.Frames.Select(f => f.Timestamp));
        Assert.Equal(1, depayloader.Statistics.FramesDropped);
    }

    [Fact]
    public void Push_AccessUnitLargerThanBound_IsDroppedAndBufferStaysBounded()
    {
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { MaxFrameSize = 4_096 });
        var feed = new DepayloaderFeed(depayloader);
        var payloader = new H264Payloader();

        feed.PushFrame(Packetize(payloader, H264TestData.AnnexB(H264TestData.Nal(5, 10_000))), 0);
        feed.PushFrame(Packetize(payloader, H264TestData.AnnexB(H264TestData.Nal(5, 3_000))), 3_000);

        Assert.Equal(1, depayloader.Statistics.OversizeFrames);
        Assert.Contains(DepayloadStatus.FrameDropped, feed.Statuses);
        var frame = Assert.Single(feed.Frames);
        Assert.Equal(3_000u, frame.Timestamp);
    }

    [Fact]
    public void Push_EndlessFuAWithoutEndBit_IsDroppedAtTheBound()
    {
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { MaxFrameSize = 64 * 1024 });
        byte[] start = [0x7C, 0x85, .. new byte[1_000]];
        byte[] middle = [0x7C, 0x05, .. new byte[1_000]];

        depayloader.Push(start, false, 0, 0, out _);
        for (ushort i = 1; i < 200; i++)
        {
            depayloader.Push(middle, false, i, 0, out _);
        }

        Assert.Equal(1, depayloader.Statistics.OversizeFrames);
        Assert.False(depayloader.Push(middle, true, 200, 0, out _) == DepayloadStatus.FrameReady);
    }

    [Theory]
    [InlineData("7C", "FU-A without FU header")]
    [InlineData("7C C5 11", "FU-A with both S and E")]
    [InlineData("7C A5 11", "FU-A with the reserved bit")]
    [InlineData("7C 98 11", "FU-A fragmenting a STAP-A")]
    [InlineData("7C 45 11", "FU-A end without start")]
    [InlineData("78", "STAP-A without units")]
    [InlineData("78 00", "STAP-A truncated size")]
    [InlineData("78 00 05 67 42", "STAP-A size beyond the payload")]
    [InlineData("78 00 00", "STAP-A zero size")]
    [InlineData("78 00 02 67 42 00", "STAP-A trailing byte")]
    [InlineData("78 00 02 78 00", "STAP-A nesting an aggregation")]
    [InlineData("E5 11 22", "forbidden bit")]
    [InlineData("79 00 00 00 02 65 11", "STAP-B")]
    [InlineData("7D 85 00 00 11", "FU-B")]
    public void Push_MalformedPayload_IsCountedAndDropped(string hex, string description)
    {
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false });

        DepayloadStatus status = depayloader.Push(Hex.Parse(hex), marker: true, 7, 0, out DepayloadedFrame frame);

        Assert.True(status == DepayloadStatus.Malformed, description);
        Assert.True(frame.Data.IsEmpty);
        DepayloaderStatistics stats = depayloader.Statistics;
        Assert.Equal(1, stats.MalformedPackets + stats.UnsupportedPackets);
    }

    [Fact]
    public void Push_MalformedPacketMidAccessUnit_DropsTheRestOfIt()
    {
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { WaitForKeyframe = false });
        var feed = new DepayloaderFeed(depayloader);

        feed.Push(Hex.Parse("7C 85 11"), marker: false, 1, 0);
        feed.Push(Hex.Parse("78 00 09 67"), marker: false, 2, 0);
        feed.Push(Hex.Parse("7C 45 22"), marker: true, 3, 0);
        feed.Push(Hex.Parse("65 33"), marker: true, 4, 3_000);

        Assert.Equal([DepayloadStatus.Buffered, DepayloadStatus.Malformed, DepayloadStatus.Ignored, DepayloadStatus.FrameReady], feed.Statuses);
        Assert.Equal(3_000u, Assert.Single(feed.Frames).Timestamp);
    }

    [Fact]
    public void Push_EmptyPayload_IsCountedAndIgnored()
    {
        var depayloader = new H264Depayloader();

        DepayloadStatus status = depayloader.Push([], marker: false, 1, 0, out _);

        Assert.Equal(DepayloadStatus.Ignored, status);
        Assert.Equal(1, depayloader.Statistics.EmptyPackets);
        Assert.Equal(0, depayloader.Statistics.MalformedPackets);
    }

    [Fact]
    public void Push_EmptyPaddingPacketInsideAccessUnit_DoesNotBreakIt()
    {
        var feed = new DepayloaderFeed(new H264Depayloader());

        feed.Push(Hex.Parse("7C 85 11"), marker: false, 1, 0);
        feed.Push([], marker: false, 2, 0);
        feed.Push(Hex.Parse("7C 45 22"), marker: true, 3, 0);

        Assert.Equal(Hex.Parse("00000001 65 11 22"), Assert.Single(feed.Frames).Data);
    }

    [Fact]
    public void Push_ReservedNalType_IsIgnoredWithoutDroppingTheAccessUnit()
    {
        var depayloader = new H264Depayloader();
        var feed = new DepayloaderFeed(depayloader);

        feed.Push(Hex.Parse("65 11"), marker: false, 1, 0);
        feed.Push(Hex.Parse("7E 00"), marker: false, 2, 0); // type 30
        feed.Push(Hex.Parse("65 22"), marker: true, 3, 0);

        Assert.Equal(Hex.Parse("00000001 65 11 00000001 65 22"), Assert.Single(feed.Frames).Data);
        Assert.Equal(1, depayloader.Statistics.UnsupportedPackets);
    }

    [Fact]
    public void Push_RandomGarbage_NeverThrowsAndCountsEveryPacket()
    {
        var random = new Random(99);
        var depayloader = new H264Depayloader(new RtpDepayloaderOptions { MaxFrameSize = 16 * 1024 });
        for (int i = 0; i < 20_000; i++)
        {
            var payload = new byte[random.Next(0, 40)];
            random.NextBytes(payload);
            if (payload.Length > 0 && random.Next(2) == 0)
            {
                payload[0] = (byte)((payload[0] & 0x60) | (random.Next(2) == 0 ? 24 : 28));
            }

            depayloader.Push(payload, random.Next(4) == 0, (ushort)(i + random.Next(-1, 2)), (uint)(i / 5), out _);
        }

        Assert.Equal(20_000, depayloader.Statistics.PacketsReceived);
        Assert.True(depayloader.Statistics.MalformedPackets > 0);
    }

    [Fact]
    public void Reset_ClearsCountersAndRequiresKeyframe()
    {
        var depayloader = new H264Depayloader();
        depayloader.Push(Hex.Parse("65 11"), true, 1, 0, out _);
        Assert.False(depayloader.NeedsKeyframe);

        depayloader.Reset();

        Assert.True(depayloader.NeedsKeyframe);
        Assert.Equal(default, depayloader.Statistics);
    }
}
