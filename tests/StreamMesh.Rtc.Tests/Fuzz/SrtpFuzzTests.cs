using StreamMesh.Rtc.Srtp;
using StreamMesh.Rtc.Tests.Srtp;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class SrtpFuzzTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public async Task UnprotectRtp_MutatedPackets_OnlyResultsNeverThrows(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, seed: 7);
        byte[][] seeds =
        [
            Sessions.Protect(sender, TestPackets.Rtp(1)),
            Sessions.Protect(sender, TestPackets.Rtp(2, csrcCount: 2, extensionWords: 2)),
            Sessions.Protect(sender, TestPackets.Rtp(3, payloadLength: 20, padding: 4)),
        ];
        using SrtpContext receiver = Sessions.Create(profile, seed: 7);
        using SrtpContext stranger = Sessions.Create(profile, seed: 8);
        byte[] scratch = new byte[4096];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            input.CopyTo(scratch);
            SrtpResult result = receiver.UnprotectRtp(scratch.AsSpan(0, input.Length), out int plain);
            Assert.InRange(plain, 0, input.Length);
            input.CopyTo(scratch);
            return (int)result | ((int)stranger.UnprotectRtp(scratch.AsSpan(0, input.Length), out _) << 8);
        }, iterations: 20_000, allocationBound: 4096);

        Assert.Contains(outcomes, o => (o & 0xFF) == (int)SrtpResult.Ok);
        Assert.Contains(outcomes, o => (o & 0xFF) == (int)SrtpResult.AuthenticationFailed);
        Assert.Contains(outcomes, o => (o & 0xFF) == (int)SrtpResult.Malformed);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public async Task UnprotectRtcp_MutatedPackets_OnlyResultsNeverThrows(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, seed: 11);
        byte[][] seeds = [Sessions.ProtectRtcp(sender, TestPackets.Rtcp()), Sessions.ProtectRtcp(sender, TestPackets.Rtcp(5, 0x11), encrypt: false)];
        using SrtpContext receiver = Sessions.Create(profile, seed: 11);
        byte[] scratch = new byte[4096];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            input.CopyTo(scratch);
            SrtpResult result = receiver.UnprotectRtcp(scratch.AsSpan(0, input.Length), out int plain);
            Assert.InRange(plain, 0, input.Length);
            return (int)result;
        }, iterations: 20_000, allocationBound: 4096);

        Assert.Contains((int)SrtpResult.Ok, outcomes);
        Assert.Contains((int)SrtpResult.AuthenticationFailed, outcomes);
    }
}
