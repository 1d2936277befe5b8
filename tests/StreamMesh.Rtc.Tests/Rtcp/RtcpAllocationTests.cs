using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class RtcpAllocationTests
{
    [Fact]
    public void CompoundBuildAndParse_AfterWarmUp_AllocateNothing()
    {
        var buffer = new byte[512];
        ushort[] lost = [10, 11, 13, 40];
        long sink = 0;
        for (int i = 0; i < 100; i++)
        {
            sink += RoundTrip(buffer, lost);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink += RoundTrip(buffer, lost);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
    }

    private static long RoundTrip(byte[] buffer, ushort[] lost)
    {
        Span<NackPair> pairs = stackalloc NackPair[4];
        int pairCount = GenericNack.BuildPairs(lost, pairs);
        ReadOnlySpan<ReportBlock> blocks = [new ReportBlock(1, 2, 3, 4, 5, 6, 7)];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryAppend(new SenderReport(9, new NtpTimestamp(1UL << 32), 1, 2, 3, blocks));
        writer.TryAppend(new SourceDescription(9, "cname"));
        writer.TryAppend(new GenericNack(9, 1, pairs[..pairCount]));
        writer.TryAppend(new PictureLossIndication(9, 1));

        long result = 0;
        foreach (RtcpPacketView packet in new RtcpCompoundReader(writer.Written))
        {
            switch (packet.Kind)
            {
                case RtcpPacketKind.SenderReport when SenderReport.TryParse(packet.Data, out SenderReport sr):
                    result += sr.ReportBlocks[0].Jitter;
                    break;
                case RtcpPacketKind.SourceDescription when SourceDescription.TryParse(packet.Data, out SourceDescription sdes):
                    result += sdes.TryGetCname(9, out ReadOnlySpan<byte> cname) ? cname.Length : 0;
                    break;
                case RtcpPacketKind.GenericNack when GenericNack.TryParse(packet.Data, out GenericNack nack):
                    foreach (ushort sequence in nack.LostSequenceNumbers)
                    {
                        result += sequence;
                    }

                    break;
                case RtcpPacketKind.PictureLossIndication when PictureLossIndication.TryParse(packet.Data, out PictureLossIndication pli):
                    result += pli.MediaSsrc;
                    break;
            }
        }

        return result;
    }
}
