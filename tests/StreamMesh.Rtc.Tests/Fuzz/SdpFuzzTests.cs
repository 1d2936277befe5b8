using System.Text;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;
using StreamMesh.Rtc.Tests.Sdp;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class SdpFuzzTests
{
    private static readonly string[] Fixtures =
    [
        "chrome-whep-recvonly-offer.sdp", "chrome-publisher-sendonly-offer.sdp", "chrome-simulcast-sendrecv-offer.sdp",
        "firefox-recvonly-offer.sdp", "streammesh-recvonly-offer.sdp", "chrome-answer-to-streammesh-offer.sdp",
    ];

    [Fact]
    public async Task TryParseAndAnswer_MutatedBrowserOffers_NeverThrowAndRoundTrip()
    {
        byte[][] seeds = [.. Fixtures.Select(name => Encoding.UTF8.GetBytes(SdpFixture.Load(name)))];
        var answerer = new SdpAnswerer(SdpTestSettings.WhepOrigin());

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (!SessionDescription.TryParse(input, out SessionDescription? offer, out _))
            {
                return SessionDescription.TryParse(Encoding.Latin1.GetString(input), out _) ? 1 : 0;
            }

            // Accepted SDP must write back to text that parses to the same text (relays re-serialize).
            string written = offer.ToString();
            Assert.True(SessionDescription.TryParse(written, out SessionDescription? reparsed), "accepted SDP does not re-parse");
            Assert.Equal(written, reparsed.ToString());
            if (!answerer.TryCreateAnswer(offer, out SdpAnswer? answer, out _))
            {
                return 2;
            }

            Assert.True(SessionDescription.TryParse(answer.Description.ToString(), out _), "our answer does not parse");
            return 3;
        }, iterations: 3_000, allocationBound: 16 * 1024 * 1024);

        Assert.Contains(0, outcomes);
        Assert.Contains(3, outcomes);
    }

    [Fact]
    public async Task IceCandidateTryParse_MutatedCandidateLines_NeverThrowsAndRoundTrips()
    {
        string[] lines =
        [
            "candidate:842163049 1 udp 1677729535 198.51.100.7 56143 typ srflx raddr 10.0.0.5 rport 56143 generation 0 ufrag EsQ3 network-id 1 network-cost 10",
            "candidate:3 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0",
            "candidate:2 1 udp 2122260223 4ee9bc1b-6b11-4e5a-9ab5-0ccd7e0b1c7a.local 54321 typ host generation 0 network-id 1",
            "a=candidate:9 1 udp 1845501695 2001:db8::7 50000 typ prflx raddr 2001:db8::1 rport 40000",
        ];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync([.. lines.Select(Encoding.Latin1.GetBytes)], input =>
        {
            if (!IceCandidate.TryParse(Encoding.Latin1.GetString(input), out IceCandidate? candidate))
            {
                return 0;
            }

            string printed = candidate.ToSdpAttributeValue();
            Assert.True(IceCandidate.TryParse(printed, out IceCandidate? again), $"'{printed}' does not parse back");
            Assert.Equal(printed, again.ToSdpAttributeValue());
            return 1;
        }, iterations: 20_000, allocationBound: 256 * 1024);

        Assert.Equal(2, outcomes.Count);
    }
}
