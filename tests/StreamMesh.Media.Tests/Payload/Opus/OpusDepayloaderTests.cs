using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Media.Tests.Payload.Opus;

public sealed class OpusDepayloaderTests
{
    [Fact]
    public void Push_ValidPacket_PassesItThroughAsAFrame()
    {
        var depayloader = new OpusDepayloader();
        byte[] packet = Hex.Parse("FC 11 22 33");

        DepayloadStatus status = depayloader.Push(packet, false, 10, 48_000, out DepayloadedFrame frame);

        Assert.Equal(DepayloadStatus.FrameReady, status);
        Assert.Equal(packet, frame.Data.ToArray());
        Assert.Equal(48_000u, frame.Timestamp);
        Assert.True(frame.IsKeyframe);
        Assert.Equal(960, depayloader.LastPacket.TotalSamples);
        Assert.False(depayloader.NeedsKeyframe);
    }

    [Fact]
    public void Push_AfterLossAndMalformedPacket_ReportsAllMissingAudio()
    {
        var depayloader = new OpusDepayloader();
        depayloader.Push(Hex.Parse("FC 11"), false, 1, 0, out _);

        depayloader.Push(Hex.Parse("FC 11"), false, 3, 1_920, out _);          // one lost
        Assert.Equal(1, depayloader.LostBeforeLastPacket);
        Assert.Equal(DepayloadStatus.Malformed, depayloader.Push(Hex.Parse("79 AA BB CC"), false, 4, 2_880, out _));
        depayloader.Push(Hex.Parse("FC 11"), false, 6, 4_800, out _);          // malformed + one lost

        Assert.Equal(2, depayloader.LostBeforeLastPacket);
        DepayloaderStatistics stats = depayloader.Statistics;
        Assert.Equal(2, stats.LostPackets);
        Assert.Equal(1, stats.MalformedPackets);
        Assert.Equal(3, stats.FramesCompleted);
    }

    [Fact]
    public void Push_EmptyOrLatePacket_IsIgnored()
    {
        var depayloader = new OpusDepayloader();
        depayloader.Push(Hex.Parse("FC 11"), false, 5, 0, out _);

        Assert.Equal(DepayloadStatus.Ignored, depayloader.Push([], false, 6, 960, out _));
        Assert.Equal(DepayloadStatus.Ignored, depayloader.Push(Hex.Parse("FC 11"), false, 5, 0, out _));

        Assert.Equal(1, depayloader.Statistics.EmptyPackets);
        Assert.Equal(1, depayloader.Statistics.LatePackets);
    }
}
