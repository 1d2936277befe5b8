using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;

namespace StreamMesh.Media.Tests.Payload.H264;

public sealed class H264PayloaderTests
{
    private const int Max = RtpPayloaderOptions.DefaultMaxPayloadSize;

    private static List<RecordedPayload> Packetize(H264Payloader payloader, byte[] accessUnit)
    {
        var sink = new RecordingPayloadSink();
        int count = payloader.Packetize(accessUnit, sink);
        Assert.Equal(sink.Payloads.Count, count);
        return sink.Payloads;
    }

    [Fact]
    public void Packetize_SingleSmallNal_SendsSingleNalUnitPacketWithMarker()
    {
        byte[] slice = H264TestData.Nal(1, 300, nri: 2);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(slice));

        // RFC 6184 §5.6: the payload is the NAL unit itself, header byte included.
        RecordedPayload payload = Assert.Single(payloads);
        Assert.Equal(slice, payload.Bytes);
        Assert.True(payload.Marker);
    }

    [Fact]
    public void Packetize_SpsPpsThenLargeIdr_AggregatesParameterSetsIntoStapA()
    {
        byte[] idr = H264TestData.Nal(5, 5_000);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, idr));

        // RFC 6184 §5.7.1 Figure 7: STAP-A NAL header, then (16-bit size, NAL unit) per aggregation unit.
        byte[] expectedStapA = Hex.Parse("""
            78                          # STAP-A header: F=0, NRI=3 (max of SPS/PPS), type 24
            00 07                       # NALU 1 size: 7
            67 42 C0 1F 8C 8D 40        # NALU 1: SPS
            00 04                       # NALU 2 size: 4
            68 CE 3C 80                 # NALU 2: PPS
            """);
        Assert.Equal(expectedStapA, payloads[0].Bytes);
        Assert.False(payloads[0].Marker);
        Assert.All(payloads.Skip(1), p => Assert.Equal(28, p.Bytes[0] & 0x1F));
        Assert.True(payloads[^1].Marker);
    }

    [Fact]
    public void Packetize_StapA_UsesMaxNriAndOrOfForbiddenBits()
    {
        byte[] sei = H264TestData.Nal(6, 20, nri: 0);
        byte[] slice = H264TestData.Nal(1, 30, nri: 2);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(sei, slice));

        RecordedPayload stapA = Assert.Single(payloads);
        Assert.Equal(0x40 | 24, stapA.Bytes[0]);
        Assert.Equal(1 + 2 + 20 + 2 + 30, stapA.Bytes.Length);
        Assert.True(stapA.Marker);
    }

    [Fact]
    public void Packetize_NalExactlyMaxSize_SendsOneSingleNalUnitPacket()
    {
        byte[] slice = H264TestData.Nal(1, Max);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(slice));

        RecordedPayload payload = Assert.Single(payloads);
        Assert.Equal(Max, payload.Bytes.Length);
        Assert.Equal(slice, payload.Bytes);
    }

    [Fact]
    public void Packetize_NalOneByteOverMaxSize_SendsAFullFuAFragmentAndTheRest()
    {
        byte[] idr = H264TestData.Nal(5, Max + 1, nri: 3);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(idr));

        // The NAL header is carried in the FU indicator/header, leaving Max body bytes: the first
        // fragment fills the budget (FU indicator + header + Max - 2), the second carries the other 2.
        Assert.Equal(2, payloads.Count);
        Assert.Equal(Max, payloads[0].Bytes.Length);
        Assert.Equal(2 + 2, payloads[1].Bytes.Length);

        // RFC 6184 §5.8: FU indicator = F|NRI of the NAL + type 28; FU header = S|E|R|original type.
        Assert.Equal(0x60 | 28, payloads[0].Bytes[0]);
        Assert.Equal(0x80 | 5, payloads[0].Bytes[1]);
        Assert.Equal(0x60 | 28, payloads[1].Bytes[0]);
        Assert.Equal(0x40 | 5, payloads[1].Bytes[1]);
        Assert.False(payloads[0].Marker);
        Assert.True(payloads[1].Marker);
        Assert.Equal(idr[1..], payloads[0].Bytes[2..].Concat(payloads[1].Bytes[2..]).ToArray());
    }

    [Fact]
    public void Packetize_LargeNal_MiddleFragmentsHaveNeitherStartNorEndBit()
    {
        byte[] slice = H264TestData.Nal(1, 10_000, nri: 1);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(slice));

        Assert.Equal(9, payloads.Count); // ceil(9,999 / 1,186)
        Assert.All(payloads, p => Assert.InRange(p.Bytes.Length, 3, Max));
        Assert.All(payloads, p => Assert.Equal(0x20 | 28, p.Bytes[0]));
        Assert.Equal(0x80 | 1, payloads[0].Bytes[1]);
        Assert.All(payloads.Skip(1).Take(7), p => Assert.Equal(1, p.Bytes[1]));
        Assert.Equal(0x40 | 1, payloads[^1].Bytes[1]);
        Assert.Single(payloads, p => p.Marker);
        Assert.True(payloads[^1].Marker);
        Assert.Equal(slice[1..], payloads.SelectMany(p => p.Bytes[2..]).ToArray());
    }

    [Fact]
    public void Packetize_AccessUnitDelimiterAndFiller_AreNotSent()
    {
        byte[] aud = Hex.Parse("09 F0");
        byte[] filler = H264TestData.Nal(12, 100, nri: 0);
        byte[] slice = H264TestData.Nal(1, 2_000);

        List<RecordedPayload> payloads = Packetize(new H264Payloader(), H264TestData.AnnexB(aud, slice, filler));

        Assert.Equal(2, payloads.Count);
        Assert.All(payloads, p => Assert.Equal(28, p.Bytes[0] & 0x1F));
        Assert.True(payloads[^1].Marker);
    }

    [Fact]
    public void Packetize_OnlyDelimiter_SendsNothing()
    {
        Assert.Empty(Packetize(new H264Payloader(), Hex.Parse("00 00 00 01 09 F0")));
        Assert.Empty(Packetize(new H264Payloader(), Hex.Parse("41 9A 9B")));
    }

    [Fact]
    public void Packetize_IdrWithoutParameterSets_InsertsCachedSpsAndPpsFirst()
    {
        var payloader = new H264Payloader();
        byte[] idr = H264TestData.Nal(5, 3_000);
        Packetize(payloader, H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, idr));
        Packetize(payloader, H264TestData.AnnexB(H264TestData.Nal(1, 500)));

        List<RecordedPayload> payloads = Packetize(payloader, H264TestData.AnnexB(Hex.Parse("09 F0"), idr));

        Assert.Equal(Hex.Parse("78 0007 6742C01F8C8D40 0004 68CE3C80"), payloads[0].Bytes);
        Assert.Equal(0x80 | 5, payloads[1].Bytes[1]);
        Assert.Equal(1, payloader.ParameterSetInsertions);
    }

    [Fact]
    public void Packetize_IdrWithOnlySps_InsertsCachedPpsBeforeTheSlice()
    {
        var payloader = new H264Payloader();
        byte[] newPps = Hex.Parse("68 EE 3C 80");
        Packetize(payloader, H264TestData.AnnexB(H264TestData.Sps, newPps, H264TestData.Nal(5, 100)));

        List<RecordedPayload> payloads = Packetize(payloader, H264TestData.AnnexB(H264TestData.Sps, H264TestData.Nal(6, 12), H264TestData.Nal(5, 3_000)));

        // SPS, SEI, then the cached PPS just before the IDR slice, aggregated while they fit.
        RecordedPayload stapA = payloads[0];
        Assert.Equal(24, stapA.Bytes[0] & 0x1F);
        var reassembled = new H264Depayloader();
        var feed = new DepayloaderFeed(reassembled);
        feed.PushFrame(payloads, 0);
        byte[] frame = Assert.Single(feed.Frames).Data;
        Assert.Equal(H264TestData.AnnexB(H264TestData.Sps, H264TestData.Nal(6, 12), newPps, H264TestData.Nal(5, 3_000)), frame);
    }

    [Fact]
    public void Packetize_IdrWithParameterSets_InsertsNothing()
    {
        var payloader = new H264Payloader();
        byte[] accessUnit = H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, H264TestData.Nal(5, 3_000));
        Packetize(payloader, accessUnit);

        List<RecordedPayload> payloads = Packetize(payloader, accessUnit);

        Assert.Equal(Hex.Parse("78 0007 6742C01F8C8D40 0004 68CE3C80"), payloads[0].Bytes);
        Assert.Equal(0, payloader.ParameterSetInsertions);
    }

    [Fact]
    public void Packetize_IdrWithNoParameterSetsEverSeen_SendsTheIdrAlone()
    {
        var payloader = new H264Payloader();

        List<RecordedPayload> payloads = Packetize(payloader, H264TestData.AnnexB(H264TestData.Nal(5, 200)));

        Assert.Equal(5, Assert.Single(payloads).Bytes[0] & 0x1F);
        Assert.Equal(0, payloader.ParameterSetInsertions);
    }

    [Fact]
    public void Packetize_RandomAccessUnits_EveryPayloadFitsTheBudget()
    {
        var random = new Random(7);
        var payloader = new H264Payloader(new RtpPayloaderOptions { MaxPayloadSize = 300 });
        for (int unit = 0; unit < 50; unit++)
        {
            var nals = new List<byte[]>();
            int count = random.Next(1, 8);
            for (int i = 0; i < count; i++)
            {
                nals.Add(H264TestData.Nal(random.Next(1, 9), random.Next(1, 1_500), random.Next(4), random.Next()));
            }

            List<RecordedPayload> payloads = Packetize(payloader, H264TestData.AnnexB(nals));

            Assert.All(payloads, p => Assert.InRange(p.Bytes.Length, 1, 300));
            Assert.Single(payloads, p => p.Marker);
            Assert.True(payloads[^1].Marker);
        }
    }

    [Fact]
    public void Constructor_MaxPayloadSizeTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => new H264Payloader(new RtpPayloaderOptions { MaxPayloadSize = 10 }));
    }

    [Fact]
    public void Packetize_SteadyState_AllocatesNothing()
    {
        var payloader = new H264Payloader();
        var depayloader = new H264Depayloader();
        var sink = new CopyingPayloadSink(depayloader);
        byte[] keyframe = H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, H264TestData.Nal(6, 20), H264TestData.Nal(5, 40_000));
        byte[] delta = H264TestData.AnnexB(H264TestData.Nal(9, 2), H264TestData.Nal(1, 6_000), H264TestData.Nal(1, 90, seed: 3));
        payloader.Packetize(keyframe, sink);
        sink.Timestamp += 3_000;
        payloader.Packetize(delta, sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            sink.Timestamp += 3_000;
            payloader.Packetize(i % 10 == 0 ? keyframe : delta, sink);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(102, sink.FramesReady);
    }
}
