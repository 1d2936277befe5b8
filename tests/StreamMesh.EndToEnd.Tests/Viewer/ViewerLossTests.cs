using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>
/// Audio has no NACK or RTX, so every lost audio packet must show up in the stats as a missing packet
/// (and its run as a gap), and be concealed by the Opus decoder. Two ways to know the truth: loss
/// injected by the viewer itself with a seeded pattern (counted exactly), and loss injected by the
/// origin, checked against the viewer's RFC 3550 receiver accounting and its decoder's concealment.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ViewerLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task View_SeededAudioLossInViewer_GapCountEqualsTheInjectedDrops()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo"], cts.Token);
        var work = ViewCommand.CreateWorkDirectory("inject");

        var run = await ViewCommand.RunAsync(["--whep", $"{origin.HttpBase}/whep/demo", "--duration", "8s", "--stats", "s.json", "--inject-audio-loss", "0.05", "--loss-seed", "11"], work, cts.Token);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, $"{run}\n{origin.Log}");
        var stats = await ViewerStats.ReadAsync(Path.Combine(work, "s.json"), cts.Token);
        var injected = stats.Long("audio", "injectedLost");
        var networkLost = stats.Long("audio", "networkLost");
        Assert.True(injected >= 5, $"only {injected} drops injected: {stats}");
        Assert.Equal(injected + networkLost, stats.Long("audio", "missingPackets"));
        Assert.Equal(stats.Long("audio", "missingPackets"), stats.Long("audio", "concealedFrames") + stats.Long("audio", "fecRecoveredFrames"));
        if (networkLost == 0)
        {
            Assert.Equal(stats.Long("audio", "injectedGaps"), stats.Long("audio", "gaps"));
        }
    }

    [Fact]
    public async Task View_OriginDropsFivePercent_AudioGapsMatchLostAudioPacketsAndVideoIsRepaired()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--Node:InjectedRtpLoss=0.05"], cts.Token);
        var work = ViewCommand.CreateWorkDirectory("loss");

        var run = await ViewCommand.RunAsync(["--whep", $"{origin.HttpBase}/whep/demo", "--duration", "10s", "--stats", "s.json"], work, cts.Token);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, $"{run}\n{origin.Log}");
        var stats = await ViewerStats.ReadAsync(Path.Combine(work, "s.json"), cts.Token);
        var packets = stats.Long("audio", "packets");
        var missing = stats.Long("audio", "missingPackets");
        var gaps = stats.Long("audio", "gaps");
        var networkLost = stats.Long("audio", "networkLost");

        // 5 % of ~500 audio packets: clearly some, clearly not most.
        Assert.InRange(missing, 5, packets / 4);
        Assert.InRange(gaps, 1, missing);

        // RFC 3550 A.3 accounting may start one or two packets later (MIN_SEQUENTIAL probation).
        Assert.InRange(networkLost, missing - 2, missing);

        // Every missing packet was concealed (PLC or FEC) by the decoder, exactly once.
        Assert.Equal(missing, stats.Long("audio", "concealedFrames") + stats.Long("audio", "fecRecoveredFrames"));

        // Video lost as much on the wire, but NACK/RTX repaired it.
        Assert.True(stats.Long("video", "networkLost") > 0, stats.ToString());
        Assert.True(stats.Long("video", "retransmissions") > 0, stats.ToString());
        Assert.True(stats.Long("video", "lostAfterRepair") < stats.Long("video", "networkLost"), stats.ToString());
        Assert.True(stats.Long("video", "frames") > 150, stats.ToString());
    }
}
