using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Mesh.Tests.Fuzz;

/// <summary>The inputs the tracker-json, ticket and viewer-token fuzz targets reported (docs/fuzzing.md, findings 2–5).</summary>
public sealed class TrustFuzzFindingRegressionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    // Finding 2 (ticket and tracker-json targets): a claims payload whose "aud" string holds the byte 0xF3 (invalid
    // UTF-8). JsonElement.GetString threw InvalidOperationException, which TicketFormat did not catch: an
    // unauthenticated WHEP offer or POST /tickets/verify with such a ticket ended in a 500 instead of a refusal.
    [Fact]
    public void Verify_ClaimsWithInvalidUtf8String_MalformedNotThrown()
    {
        byte[] payload = Convert.FromHexString(
            "7b2273747265616d223a22636f6e63657274222c22737562223a227669657765722d3432222c22617564223a22f3656c61792d6672612d31222c22657870223a313739383234343735302c226a7469223a22734468686a455f484b7569756961704e643554633351227d");
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = new TicketVerifier(signing.ExportSubjectPublicKeyInfo(), _time);

        TicketVerification check = verifier.Verify(TrustFuzzTests.SignTicketPayload(signing, payload), "relay-fra-1", "concert");

        Assert.Equal(TicketStatus.Malformed, check.Status);
    }

    // Finding 2, second shape (ticket target): a lone high-surrogate escape "\ud800" inside a claim string; same exception, same path.
    [Fact]
    public void Verify_ClaimsWithLoneSurrogateEscape_MalformedNotThrown()
    {
        byte[] payload = Encoding.ASCII.GetBytes("""{"stream":"\ud800conc","sub":"viewer-42","aud":"relay-fra-1","exp":1798244750,"jti":"sDhhjE_HKuiuiapNd5Tc3Q"}""");
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = new TicketVerifier(signing.ExportSubjectPublicKeyInfo(), _time);

        Assert.Equal(TicketStatus.Malformed, verifier.Verify(TrustFuzzTests.SignTicketPayload(signing, payload), "relay-fra-1", "concert").Status);
    }

    // Finding 3 (viewer-token target, also present in TicketVerifier): "exp" = 253402300799 (9999-12-31T23:59:59Z) is
    // accepted by the claims reader, and exp + clock skew overflowed DateTimeOffset (ArgumentOutOfRangeException).
    [Fact]
    public void Validate_LargestExpiry_ValidNotThrown()
    {
        var key = new ViewerTokenKey("fuzz-operator-viewer-token-key-0123456789", _time);
        string token = TrustFuzzTests.SignViewerPayload(Encoding.ASCII.GetBytes("""{"stream":"concert","exp":253402300799}"""));

        Assert.Equal(ViewerTokenStatus.Valid, key.Validate(token, "concert").Status);
    }

    [Fact]
    public void Verify_TicketWithLargestExpiry_ValidThenReplayedNotThrown()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = new TicketVerifier(signing.ExportSubjectPublicKeyInfo(), _time);
        string ticket = TrustFuzzTests.SignTicketPayload(signing, Encoding.ASCII.GetBytes("""{"stream":"concert","sub":"v","aud":"relay-fra-1","exp":253402300799,"jti":"n1"}"""));

        Assert.Equal(TicketStatus.Valid, verifier.Verify(ticket, "relay-fra-1", "concert").Status);
        Assert.Equal(TicketStatus.Replayed, verifier.Verify(ticket, "relay-fra-1", "concert").Status);
    }

    // Finding 4 (viewer-token target): a valid token followed by "\n" or "\r" validated, because the base64url decoder
    // skips whitespace: the same token in many spellings. Tokens are now limited to the base64url alphabet and dots.
    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData(" ")]
    [InlineData("=")]
    public void Validate_TokenWithTrailingCharacter_Malformed(string suffix)
    {
        var key = new ViewerTokenKey("fuzz-operator-viewer-token-key-0123456789", _time);
        string token = key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(1)));
        Assert.True(key.Validate(token, "concert").IsValid);

        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(token + suffix, "concert").Status);
    }

    // Finding 5 (tracker-json target, seed 1, ~700,000 inputs): a join declaring the coordinate x = 65535 took over 5 s of
    // CPU: the candidate grid walked every empty ring of cells between the joiner and the peers. Any anonymous joiner of
    // an open stream could pin a tracker core per request. The grid now skips rings outside the occupied box. The exact
    // body is replayed, then 40 joins at far-away coordinates in every direction: formerly minutes, now milliseconds.
    [Fact]
    public async Task Join_FarAwayCoordinates_AnsweredPromptly()
    {
        byte[] finding = Convert.FromHexString(
            "7b22706565724964223a227669657765722d3432222c22726f6c65223a22766965776572222c22636f6f7264696e617465223a7b2278223a36353533352c2279223a342c22686569676874223a302e357d2c2273697465223a22696e7465726e6574227d");
        using var issuer = TicketIssuer.CreateEphemeral();
        using var service = new TrackerService(new TrackerOptions(), issuer, _time);
        service.RegisterOrigin("live", new OriginRegistrationDto { PeerId = "origin-1", Capacity = 8, Url = "http://198.51.100.10:8080" }, IPAddress.Loopback, null);
        service.Join("live", new JoinRequestDto { PeerId = "relay-1", Role = TrackerPeerRole.Relay, Capacity = 4, Url = "http://192.0.2.1:8080", Coordinate = new CoordinateDto { X = -99_000, Y = 99_000, Height = 1 } }, IPAddress.Loopback);

        Task run = Task.Run(() =>
        {
            JoinRequestDto body = JsonSerializer.Deserialize(finding, TrackerJsonContext.Default.JoinRequestDto)!;
            Assert.Equal(200, service.Join("live", body, IPAddress.Loopback).StatusCode);
            for (int i = 0; i < 40; i++)
            {
                double angle = i * Math.PI / 20;
                var far = new CoordinateDto { X = 99_000 * Math.Cos(angle), Y = 99_000 * Math.Sin(angle), Height = 0.5 };
                Assert.Equal(200, service.Join("live", new JoinRequestDto { PeerId = $"far-{i}", Role = TrackerPeerRole.Viewer, Coordinate = far }, IPAddress.Loopback).StatusCode);
            }
        });

        // Generous for a loaded 2-core box; the quadratic walk needed minutes for these 41 joins.
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))));
        await run;
    }
}
