using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests;

/// <summary>
/// 5% of the origin's outbound RTP is dropped on purpose at its socket; NACK answered with RTX from
/// the origin's cache must keep the picture going. The figures are printed for docs/.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LossRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Playback_FivePercentLossOnOriginSocket_NackRtxKeepsFramesFlowing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--Node:InjectedRtpLoss=0.05"], cts.Token);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{origin.HttpBase}/watch/demo");

        var start = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 30, TimeSpan.FromSeconds(15));
        Assert.True(start.FramesDecoded >= 30, $"playback did not start: {start}\n{origin.Log}");

        await Task.Delay(TimeSpan.FromSeconds(20), cts.Token);
        var end = await BrowserStats.ReadAsync(page);

        var decoded = end.FramesDecoded - start.FramesDecoded;
        var dropped = end.FramesDropped - start.FramesDropped;
        var freezes = end.FreezeCount - start.FreezeCount;
        output.WriteLine($"20 s at 5% injected loss: framesDecoded +{decoded}, framesDropped +{dropped}, freezeCount +{freezes}, " +
                         $"nackCount {end.NackCount}, pliCount {end.PliCount}, packetsLost {end.VideoPacketsLost} of {end.VideoPacketsReceived}");

        // 20 s at 30 fps is 600 frames; NACK/RTX must repair almost every loss.
        Assert.True(end.NackCount > 0, $"the browser never sent a NACK, so no loss was injected: {end}");
        Assert.True(decoded >= 500, $"only {decoded} frames decoded in 20 s under 5% loss: {end}");
        // Chromium also counts a freeze when this shared 2-core machine starves its decoder; a handful is noise, a broken repair path is dozens.
        Assert.True(freezes <= 5, $"{freezes} freezes in 20 s under 5% loss: {end}");
        Assert.True(dropped <= 10, $"{dropped} frames dropped in 20 s under 5% loss: {end}");
    }
}
