using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Security;
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

    // Finding 3 (ticket target): a lone high-surrogate escape "\ud800" inside a claim string; same exception, same path.
    [Fact]
    public void Verify_ClaimsWithLoneSurrogateEscape_MalformedNotThrown()
    {
        byte[] payload = Encoding.ASCII.GetBytes("""{"stream":"\ud800conc","sub":"viewer-42","aud":"relay-fra-1","exp":1798244750,"jti":"sDhhjE_HKuiuiapNd5Tc3Q"}""");
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = new TicketVerifier(signing.ExportSubjectPublicKeyInfo(), _time);

        Assert.Equal(TicketStatus.Malformed, verifier.Verify(TrustFuzzTests.SignTicketPayload(signing, payload), "relay-fra-1", "concert").Status);
    }

    // Finding 4 (viewer-token target, also present in TicketVerifier): "exp" = 253402300799 (9999-12-31T23:59:59Z) is
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

    // Finding 5 (viewer-token target): a valid token followed by "\n" or "\r" validated, because the base64url decoder
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
}
