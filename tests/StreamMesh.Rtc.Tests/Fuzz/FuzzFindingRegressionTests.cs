using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Tests.Fuzz;

/// <summary>The exact inputs tools/StreamMesh.Fuzz reported, replayed through the path that failed.</summary>
public sealed class FuzzFindingRegressionTests
{
    // rtcp target, seed 1: an SR (P=1, length 18 words) whose padding count 3 left a 1-byte profile
    // extension; TryParse accepted it and SenderReport.WriteTo threw ArgumentException.
    private const string SenderReportOddPadding =
        "a0c80012cafebabee123456789abcdef00015f90000003e800124f8011111111ea760c0000000081cd000401020304cafebabe" +
        "49d14887289c85262735c42303e8a00122222200ffffff0001117000000000000000000000000080c80006cafebabe000000000000" +
        "000100000000000000000000000083ca0008000000010101610000000002010262620000000000000003010363636300000000000000" +
        "000000000000000000000000000000000000000000000000";

    [Fact]
    public void CompoundReader_SenderReportWithOddPaddingCount_EveryAcceptedPacketWritesBack()
    {
        byte[] datagram = Convert.FromHexString(SenderReportOddPadding);
        byte[] scratch = new byte[datagram.Length];

        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacketView first));
        Assert.Equal(RtcpPacketKind.SenderReport, first.Kind);
        Assert.False(SenderReport.TryParse(first.Data, out _));

        while (reader.TryReadNext(out RtcpPacketView view))
        {
            if (SenderReport.TryParse(view.Data, out SenderReport report))
            {
                Assert.Equal(report.Length, report.WriteTo(scratch));
            }
        }
    }
}
