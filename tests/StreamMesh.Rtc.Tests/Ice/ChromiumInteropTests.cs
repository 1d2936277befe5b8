using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>ICE against real headless Chromium (tools/test.sh installs Debian's chromium).</summary>
public class ChromiumInteropTests
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chromium_OffersAsControllingToControlledAgent_BothSidesConnectAndConsentFlows()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var harness = new ChromiumIceHarness(mux, new IceAgentOptions { Role = IceRole.Controlled });

        harness.Start();
        await Task.WhenAll(harness.BrowserConnected.WaitAsync(BrowserTimeout), harness.Agent.WaitForStateAsync(IceConnectionState.Connected, BrowserTimeout));

        Assert.True(harness.Agent.SelectedPair!.Nominated);
        Assert.Equal(IceRole.Controlled, harness.Agent.Role);
        Assert.Equal(0, mux.Counters.DroppedMalformed);
        Assert.Equal(0, mux.Counters.DroppedUnauthenticated);
        Assert.DoesNotContain(harness.BrowserLog, l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chromium_BothClaimControlling_RoleConflictResolvedAndConnects()
    {
        await using UdpMux mux = IceTestPeer.CreateLoopbackMux();
        await using var harness = new ChromiumIceHarness(mux, new IceAgentOptions { Role = IceRole.Controlling });

        harness.Start();
        await Task.WhenAll(harness.BrowserConnected.WaitAsync(BrowserTimeout), harness.Agent.WaitForStateAsync(IceConnectionState.Connected, BrowserTimeout));

        Assert.True(harness.Agent.SelectedPair!.Nominated);
    }
}
