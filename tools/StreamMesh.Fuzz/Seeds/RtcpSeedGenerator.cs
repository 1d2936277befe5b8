using System.Text;
using FsCheck;
using FsCheck.Fluent;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>
/// RTCP seeds from the packet writers: SR, RR, SDES, BYE, NACK, PLI, FIR, REMB and transport-wide
/// feedback (RFC 3550 §6.4–6.6, RFC 4585 §6, RFC 5104 §4.3.1, draft-alvestrand-rmcat-remb,
/// draft-holmer-rmcat-transport-wide-cc-extensions §3.1), and FsCheck-chosen compounds of them.
/// </summary>
public static class RtcpSeedGenerator
{
    public static IReadOnlyList<byte[]> Packets()
    {
        ReportBlock[] blocks =
        [
            new(0x11111111, 12, 345, 0x00010203, 17, 0x89ABCDEF, 0x00001000),
            new(0x22222222, 0, -1, 70_000, 0, 0, 0),
        ];
        TransportWidePacketStatus[] statuses =
        [
            TransportWidePacketStatus.Received(100, 4), TransportWidePacketStatus.Lost(101),
            TransportWidePacketStatus.Received(102, -300), TransportWidePacketStatus.Received(103, 250),
            TransportWidePacketStatus.Received(104, 0), TransportWidePacketStatus.Lost(105),
        ];
        NackPair[] pairs = [new(1000, 0b1010_0000_0000_0001), new(2000, 0)];
        return
        [
            Serialize(new SenderReport(0xCAFEBABE, new NtpTimestamp(0xE1234567_89ABCDEF), 90_000, 1000, 1_200_000, blocks)),
            Serialize(new SenderReport(0xCAFEBABE, new NtpTimestamp(1), 0, 0, 0)),
            Serialize(new ReceiverReport(0x01020304, blocks)),
            Serialize(new ReceiverReport(0x01020304)),
            Serialize(new SourceDescription(0xCAFEBABE, "streammesh-cname")),
            Serialize(new SourceDescription([new CnameChunk(1, "a"), new CnameChunk(2, "bb"), new CnameChunk(3, "ccc")])),
            Serialize(new Goodbye(0xCAFEBABE, Encoding.UTF8.GetBytes("shutdown"))),
            Serialize(new Goodbye([1u, 2u, 3u])),
            Serialize(new GenericNack(0x01020304, 0xCAFEBABE, pairs)),
            Serialize(new PictureLossIndication(0x01020304, 0xCAFEBABE)),
            Serialize(new FullIntraRequest(0x01020304, [new FullIntraRequestEntry(0xCAFEBABE, 7), new FullIntraRequestEntry(5, 255)])),
            Serialize(new ReceiverEstimatedMaxBitrate(0x01020304, 2_500_000, [0xCAFEBABEu, 0xDEADBEEFu])),
            Serialize(new TransportWideFeedback(0x01020304, 0xCAFEBABE, 100, 0x123456, 9, statuses)),
            Serialize(new TransportWideFeedback(0x01020304, 0xCAFEBABE, 65530, 0xFFFFFF, 0, [TransportWidePacketStatus.Received(65530, 30_000)])),
        ];
    }

    /// <summary>Single packets plus <paramref name="generated"/> FsCheck-chosen compound packets.</summary>
    public static IReadOnlyList<byte[]> Create(ulong seed, int generated)
    {
        IReadOnlyList<byte[]> packets = Packets();
        Gen<byte[]> compounds =
            from count in Gen.Choose(2, 6)
            from parts in Gen.ArrayOf(Gen.Elements(packets.ToArray()), count)
            select parts.SelectMany(p => p).ToArray();
        var seeds = new List<byte[]>(packets);
        seeds.AddRange(Gen.Sample(compounds, 10, new Rnd(seed), generated));
        return seeds;
    }

    private static byte[] Serialize<T>(scoped T packet)
        where T : IRtcpPacket<T>, allows ref struct
    {
        byte[] bytes = new byte[packet.Length];
        packet.WriteTo(bytes);
        return bytes;
    }
}
