using BenchmarkDotNet.Attributes;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Benchmarks.RtpRtcp;

/// <summary>The two compounds a relay handles most: SR+SDES from a parent and RR+NACK+PLI from a child.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RtcpCompoundBenchmarks
{
    private const string Cname = "streammesh-relay-7f3a";

    private readonly byte[] _senderCompound = new byte[256];
    private readonly byte[] _receiverCompound = new byte[256];
    private readonly byte[] _output = new byte[256];
    private readonly ushort[] _lost = [1000, 1001, 1003, 1010, 1040, 1041];
    private int _senderLength;
    private int _receiverLength;

    [GlobalSetup]
    public void Setup()
    {
        _senderLength = SerializeSenderReportAndSdesCore();
        _output.AsSpan(0, _senderLength).CopyTo(_senderCompound);
        _receiverLength = SerializeReceiverReportNackPliCore();
        _output.AsSpan(0, _receiverLength).CopyTo(_receiverCompound);
    }

    [Benchmark]
    public long ParseSenderReportAndSdes()
    {
        long result = 0;
        foreach (RtcpPacketView packet in new RtcpCompoundReader(_senderCompound.AsSpan(0, _senderLength)))
        {
            switch (packet.Kind)
            {
                case RtcpPacketKind.SenderReport when SenderReport.TryParse(packet.Data, out SenderReport sr):
                    result += (long)sr.NtpTime.Middle32 + sr.RtpTimestamp;
                    foreach (ReportBlock block in sr.ReportBlocks)
                    {
                        result += block.Jitter;
                    }

                    break;
                case RtcpPacketKind.SourceDescription when SourceDescription.TryParse(packet.Data, out SourceDescription sdes):
                    if (sdes.TryGetCname(0x11223344, out ReadOnlySpan<byte> cname))
                    {
                        result += cname.Length;
                    }

                    break;
            }
        }

        return result;
    }

    [Benchmark]
    public int SerializeSenderReportAndSdes() => SerializeSenderReportAndSdesCore();

    [Benchmark]
    public long ParseReceiverReportNackPli()
    {
        long result = 0;
        foreach (RtcpPacketView packet in new RtcpCompoundReader(_receiverCompound.AsSpan(0, _receiverLength)))
        {
            switch (packet.Kind)
            {
                case RtcpPacketKind.ReceiverReport when ReceiverReport.TryParse(packet.Data, out ReceiverReport rr):
                    foreach (ReportBlock block in rr.ReportBlocks)
                    {
                        result += block.FractionLost + block.LastSenderReport;
                    }

                    break;
                case RtcpPacketKind.GenericNack when GenericNack.TryParse(packet.Data, out GenericNack nack):
                    foreach (ushort lost in nack.LostSequenceNumbers)
                    {
                        result += lost;
                    }

                    break;
                case RtcpPacketKind.PictureLossIndication when PictureLossIndication.TryParse(packet.Data, out PictureLossIndication pli):
                    result += pli.MediaSsrc;
                    break;
            }
        }

        return result;
    }

    [Benchmark]
    public int SerializeReceiverReportNackPli() => SerializeReceiverReportNackPliCore();

    private int SerializeSenderReportAndSdesCore()
    {
        var writer = new RtcpCompoundWriter(_output);
        ReadOnlySpan<ReportBlock> blocks = [new ReportBlock(0x55667788, 3, 12, 0x1_0400, 40, 0x4300_8000, 0x8000)];
        writer.TryAppend(new SenderReport(0x11223344, new NtpTimestamp(0xE52F4300_80000000UL), 123_456, 1000, 1_200_000, blocks));
        writer.TryAppend(new SourceDescription(0x11223344, Cname));
        return writer.Length;
    }

    private int SerializeReceiverReportNackPliCore()
    {
        Span<NackPair> pairs = stackalloc NackPair[8];
        int pairCount = GenericNack.BuildPairs(_lost, pairs);
        ReadOnlySpan<ReportBlock> blocks = [new ReportBlock(0x11223344, 5, 30, 0x1_0410, 25, 0x4300_8000, 0x4000)];

        var writer = new RtcpCompoundWriter(_output);
        writer.TryAppend(new ReceiverReport(0x55667788, blocks));
        writer.TryAppend(new GenericNack(0x55667788, 0x11223344, pairs[..pairCount]));
        writer.TryAppend(new PictureLossIndication(0x55667788, 0x11223344));
        return writer.Length;
    }
}
