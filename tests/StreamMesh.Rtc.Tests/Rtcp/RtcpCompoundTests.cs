using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class RtcpCompoundTests
{
    private static byte[] BuildSenderReportAndSdes()
    {
        var buffer = new byte[128];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryAppend(new SenderReport(1, new NtpTimestamp(0x1_0000_0000UL), 90000, 10, 1000)));
        Assert.True(writer.TryAppend(new SourceDescription(1, "viewer")));
        return writer.Written.ToArray();
    }

    private static byte[] BuildReceiverReportNackPli()
    {
        var buffer = new byte[128];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryAppend(new ReceiverReport(5, [new ReportBlock(1, 0, 0, 100, 0, 0, 0)])));
        Assert.True(writer.TryAppend(new GenericNack(5, 1, [new NackPair(98, 1)])));
        Assert.True(writer.TryAppend(new PictureLossIndication(5, 1)));
        return writer.Written.ToArray();
    }

    [Fact]
    public void Reader_SenderReportAndSdes_YieldsBothInOrder()
    {
        byte[] compound = BuildSenderReportAndSdes();
        var kinds = new List<RtcpPacketKind>();
        var reader = new RtcpCompoundReader(compound);

        while (reader.TryReadNext(out RtcpPacketView packet))
        {
            kinds.Add(packet.Kind);
            switch (packet.Kind)
            {
                case RtcpPacketKind.SenderReport:
                    Assert.True(SenderReport.TryParse(packet.Data, out SenderReport sr));
                    Assert.Equal(90000u, sr.RtpTimestamp);
                    break;
                case RtcpPacketKind.SourceDescription:
                    Assert.True(SourceDescription.TryParse(packet.Data, out SourceDescription sdes));
                    Assert.True(sdes.TryGetCname(1, out ReadOnlySpan<byte> cname));
                    Assert.Equal("viewer"u8.ToArray(), cname.ToArray());
                    break;
            }
        }

        Assert.Equal([RtcpPacketKind.SenderReport, RtcpPacketKind.SourceDescription], kinds);
        Assert.False(reader.IsMalformed);
        Assert.Equal(compound.Length, reader.Offset);
    }

    [Fact]
    public void Reader_ReceiverReportNackPli_ClassifiesFeedback()
    {
        var kinds = new List<RtcpPacketKind>();

        foreach (RtcpPacketView packet in new RtcpCompoundReader(BuildReceiverReportNackPli()))
        {
            kinds.Add(packet.Kind);
        }

        Assert.Equal([RtcpPacketKind.ReceiverReport, RtcpPacketKind.GenericNack, RtcpPacketKind.PictureLossIndication], kinds);
    }

    [Fact]
    public void Reader_ReducedSizeSinglePli_IsAccepted()
    {
        // RFC 5506 §3: a feedback packet may travel alone, without a leading SR/RR.
        byte[] pli = WireHex.Parse("81 CE 00 02 00 00 00 01 00 00 00 02");
        var reader = new RtcpCompoundReader(pli);

        Assert.True(reader.TryReadNext(out RtcpPacketView packet));
        Assert.Equal(RtcpPacketKind.PictureLossIndication, packet.Kind);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Reader_UnknownTypesInTheMiddle_AreDeliveredAsUnknownAndSkipped()
    {
        byte[] compound = WireHex.Parse("""
            80 C9 00 01 00 00 00 05               // RR, no blocks
            80 CF 00 02 00 00 00 05 00 00 00 00   // XR (207): unknown here
            81 CC 00 01 00 00 00 05               // APP (204)
            8A CD 00 02 00 00 00 05 00 00 00 01   // RTPFB FMT=10: unknown format
            8F CE 00 03 00 00 00 05 00 00 00 00 41 42 43 44   // PSFB AFB that is not REMB
            81 CE 00 02 00 00 00 05 00 00 00 01   // PLI
            """);
        var kinds = new List<RtcpPacketKind>();

        foreach (RtcpPacketView packet in new RtcpCompoundReader(compound))
        {
            kinds.Add(packet.Kind);
        }

        Assert.Equal(
            [RtcpPacketKind.ReceiverReport, RtcpPacketKind.Unknown, RtcpPacketKind.Unknown, RtcpPacketKind.Unknown, RtcpPacketKind.Unknown, RtcpPacketKind.PictureLossIndication],
            kinds);
    }

    [Fact]
    public void Reader_LengthRunningPastDatagram_StopsAndFlagsMalformed()
    {
        byte[] compound = [.. BuildSenderReportAndSdes(), .. WireHex.Parse("81 CE 00 09 00 00 00 01 00 00 00 02")];
        var reader = new RtcpCompoundReader(compound);
        int delivered = 0;

        while (reader.TryReadNext(out _))
        {
            delivered++;
        }

        Assert.Equal(2, delivered);
        Assert.True(reader.IsMalformed);
    }

    [Theory]
    [InlineData("41 CE 00 02 00 00 00 01 00 00 00 02")] // version 1
    [InlineData("81 CE")]                               // truncated header
    public void Reader_InvalidFirstPacket_YieldsNothingAndFlagsMalformed(string hex)
    {
        var reader = new RtcpCompoundReader(WireHex.Parse(hex));

        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
        Assert.Equal(0, reader.PacketCount);
    }

    [Fact]
    public void Reader_EmptyDatagram_IsNotMalformed()
    {
        var reader = new RtcpCompoundReader([]);

        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Reader_RandomBytes_NeverThrowsInReaderOrParsers()
    {
        var random = new Random(5506);
        byte[] seed = BuildReceiverReportNackPli();
        var buffer = new byte[seed.Length];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            // Mutate a valid compound so headers stay plausible and the parsers get exercised.
            seed.CopyTo(buffer, 0);
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
            }

            int length = random.Next(0, buffer.Length + 1);
            foreach (RtcpPacketView packet in new RtcpCompoundReader(buffer.AsSpan(0, length)))
            {
                ParseEverything(packet.Data);
            }
        }
    }

    [Fact]
    public void Writer_PacketDoesNotFit_ReturnsFalseAndWritesNothing()
    {
        var buffer = new byte[20];
        var writer = new RtcpCompoundWriter(buffer);

        Assert.True(writer.TryAppend(new PictureLossIndication(1, 2)));
        Assert.False(writer.TryAppend(new PictureLossIndication(3, 4)));
        Assert.Equal(12, writer.Length);
        Assert.Equal(8, writer.Remaining);
    }

    private static void ParseEverything(ReadOnlySpan<byte> data)
    {
        if (SenderReport.TryParse(data, out SenderReport sr))
        {
            foreach (ReportBlock block in sr.ReportBlocks)
            {
                _ = block.Jitter;
            }
        }

        _ = ReceiverReport.TryParse(data, out _);
        if (SourceDescription.TryParse(data, out SourceDescription sdes))
        {
            foreach (SdesChunk chunk in sdes)
            {
                _ = chunk.Cname.Length;
            }
        }

        _ = Goodbye.TryParse(data, out _);
        if (GenericNack.TryParse(data, out GenericNack nack))
        {
            foreach (ushort lost in nack.LostSequenceNumbers)
            {
                _ = lost;
            }
        }

        _ = PictureLossIndication.TryParse(data, out _);
        _ = FullIntraRequest.TryParse(data, out _);
        _ = ReceiverEstimatedMaxBitrate.TryParse(data, out _);
        if (TransportWideFeedback.TryParse(data, out TransportWideFeedback twcc))
        {
            foreach (TransportWidePacketStatus status in twcc)
            {
                _ = status.Delta;
            }
        }
    }
}
