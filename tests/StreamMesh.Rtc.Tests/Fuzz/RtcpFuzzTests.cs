using System.Text;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class RtcpFuzzTests
{
    [ThreadStatic]
    private static byte[]? _scratch;

    private static byte[] Scratch => _scratch ??= new byte[64 * 1024];

    [Fact]
    public async Task CompoundReader_MutatedCompounds_EveryPacketParserNeverThrowsNorAllocatesAndRoundTrips()
    {
        IReadOnlyList<byte[]> packets = Packets();
        List<byte[]> seeds =
        [
            .. packets,
            [.. packets[0], .. packets[2], .. packets[5], .. packets[6]],
            [.. packets[1], .. packets[4], .. packets[7], .. packets[8], .. packets[3]],
        ];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, Drive, iterations: 20_000, allocationBound: 0);

        // Both well-formed compounds and malformed ones were reached.
        Assert.Contains(outcomes, o => (o & (1 << 20)) == 0 && (o & 0x3FF) != 0);
        Assert.Contains(outcomes, o => (o & (1 << 20)) != 0);
    }

    private static int Drive(ReadOnlySpan<byte> input)
    {
        int outcome = 0;
        var reader = new RtcpCompoundReader(input);
        while (reader.TryReadNext(out RtcpPacketView view))
        {
            outcome |= 1 << (int)view.Kind;
            outcome |= ParseAll(view.Data) << 10;
            AssertRoundTrips<SenderReport>(view.Data);
            AssertRoundTrips<ReceiverReport>(view.Data);
            AssertRoundTrips<SourceDescription>(view.Data);
            AssertRoundTrips<Goodbye>(view.Data);
            AssertRoundTrips<GenericNack>(view.Data);
            AssertRoundTrips<TransportWideFeedback>(view.Data);
            AssertRoundTrips<FullIntraRequest>(view.Data);
            AssertRoundTrips<ReceiverEstimatedMaxBitrate>(view.Data);
        }

        // Every parser also sees the raw datagram, whatever its header claims.
        _ = ParseAll(input);
        return outcome | (reader.IsMalformed ? 1 << 20 : 0);
    }

    // Whatever is accepted must write back at its stated length and parse again (relays re-send feedback).
    private static void AssertRoundTrips<T>(ReadOnlySpan<byte> data)
        where T : IRtcpPacket<T>, allows ref struct
    {
        if (!T.TryParse(data, out T packet))
        {
            return;
        }

        Span<byte> scratch = Scratch;
        int length = packet.Length;
        if (length > scratch.Length || packet.WriteTo(scratch) != length || !T.TryParse(scratch[..length], out T again) || again.Length != length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} accepted from {data.Length} bytes does not round-trip.");
        }
    }

    private static int ParseAll(ReadOnlySpan<byte> data)
    {
        int parsed = 0;
        if (SenderReport.TryParse(data, out SenderReport sr))
        {
            parsed |= 1;
            foreach (ReportBlock block in sr.ReportBlocks)
            {
                _ = block.CumulativeLost;
            }
        }

        if (ReceiverReport.TryParse(data, out ReceiverReport rr))
        {
            parsed |= 1;
            foreach (ReportBlock block in rr.ReportBlocks)
            {
                _ = block.Jitter;
            }
        }

        if (SourceDescription.TryParse(data, out SourceDescription sdes))
        {
            parsed |= 2;
            foreach (SdesChunk chunk in sdes)
            {
                foreach (SdesItem item in chunk)
                {
                    _ = item.Value.Length;
                }
            }
        }

        if (Goodbye.TryParse(data, out Goodbye bye))
        {
            parsed |= 4;
            foreach (uint ssrc in bye.Sources)
            {
                _ = ssrc;
            }
        }

        if (GenericNack.TryParse(data, out GenericNack nack))
        {
            parsed |= 8;
            foreach (ushort lost in nack.LostSequenceNumbers)
            {
                _ = lost;
            }
        }

        if (TransportWideFeedback.TryParse(data, out TransportWideFeedback twcc))
        {
            parsed |= 16;
            foreach (TransportWidePacketStatus status in twcc)
            {
                _ = status.DeltaTicks;
            }
        }

        if (FullIntraRequest.TryParse(data, out FullIntraRequest fir))
        {
            parsed |= 32;
            foreach (FullIntraRequestEntry entry in fir.Entries)
            {
                _ = entry.SequenceNumber;
            }
        }

        if (ReceiverEstimatedMaxBitrate.TryParse(data, out ReceiverEstimatedMaxBitrate remb))
        {
            parsed |= 64;
            foreach (uint ssrc in remb.Ssrcs)
            {
                _ = ssrc;
            }
        }

        parsed |= PictureLossIndication.TryParse(data, out _) ? 128 : 0;
        return parsed;
    }

    private static List<byte[]> Packets()
    {
        ReportBlock[] blocks = [new(0x11111111, 12, 345, 0x00010203, 17, 0x89ABCDEF, 0x1000)];
        TransportWidePacketStatus[] statuses =
        [
            TransportWidePacketStatus.Received(100, 4), TransportWidePacketStatus.Lost(101),
            TransportWidePacketStatus.Received(102, -300), TransportWidePacketStatus.Received(103, 250),
        ];
        return
        [
            Serialize(new SenderReport(0xCAFEBABE, new NtpTimestamp(0xE1234567_89ABCDEF), 90_000, 1000, 1_200_000, blocks)),
            Serialize(new ReceiverReport(0x01020304, blocks)),
            Serialize(new SourceDescription(0xCAFEBABE, "streammesh-cname")),
            Serialize(new Goodbye(0xCAFEBABE, Encoding.UTF8.GetBytes("bye"))),
            Serialize(new GenericNack(0x01020304, 0xCAFEBABE, [new NackPair(1000, 0xA001)])),
            Serialize(new PictureLossIndication(0x01020304, 0xCAFEBABE)),
            Serialize(new FullIntraRequest(0x01020304, [new FullIntraRequestEntry(0xCAFEBABE, 7)])),
            Serialize(new ReceiverEstimatedMaxBitrate(0x01020304, 2_500_000, [0xCAFEBABEu])),
            Serialize(new TransportWideFeedback(0x01020304, 0xCAFEBABE, 100, 0x123456, 9, statuses)),
        ];
    }

    private static byte[] Serialize<T>(scoped T packet)
        where T : IRtcpPacket<T>, allows ref struct
    {
        byte[] bytes = new byte[packet.Length];
        packet.WriteTo(bytes);
        return bytes;
    }
}
