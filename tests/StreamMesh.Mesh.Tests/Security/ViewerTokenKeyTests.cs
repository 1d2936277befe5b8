using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Security;

namespace StreamMesh.Mesh.Tests.Security;

public class ViewerTokenKeyTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-operator";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Issue_Format_IsCompactJwsWithHs256HeaderAndClaims()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string token = key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(2), Site: "hq", Group: "staff"));

        string[] parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("""{"alg":"HS256","typ":"streammesh-viewer+jwt"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        Assert.Equal("""{"stream":"concert","exp":1795658400,"site":"hq","group":"staff"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));

        // RFC 7518 §3.2: the signature is HMAC-SHA256 over ASCII(header "." payload) with the key's octets.
        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(expected, Base64Url.DecodeFromChars(parts[2]));
    }

    [Fact]
    public void Issue_EveryClaim_PayloadOrderIsStreamExpSiteGroupSubAndAllReadBack()
    {
        var key = new ViewerTokenKey(Secret, _time);
        var claims = new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(2), Site: "hq", Group: "staff", Subject: "alice");

        string token = key.Issue(claims);

        // The wire format tokens already handed out depend on: claim order and names exactly as issued before.
        Assert.Equal("""{"stream":"concert","exp":1795658400,"site":"hq","group":"staff","sub":"alice"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])));
        ViewerTokenValidation check = key.Validate(token, "concert");
        Assert.Equal(ViewerTokenStatus.Valid, check.Status);
        Assert.Equal(claims, check.Claims);
    }

    [Fact]
    public void Validate_SignedPayloadWithDuplicateOptionalClaimOrEmptyName_Malformed()
    {
        var key = new ViewerTokenKey(Secret, _time);

        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"site":"hq","site":"branch"}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"sub":"a","sub":"b"}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"exp":1795662001}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"group":""}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"site":7}"""), "concert").Status);
        Assert.Equal(new ViewerTokenClaims("concert", DateTimeOffset.FromUnixTimeSeconds(1795662000), Site: "hq", Group: "staff", Subject: "bob"),
            key.Validate(Sign("""{"sub":"bob","group":"staff","exp":1795662000,"site":"hq","stream":"concert"}"""), "concert").Claims);
    }

    [Fact]
    public void Validate_FreshTokenForStream_ValidWithClaims()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string token = key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(2), Subject: "emp-42"));

        ViewerTokenValidation check = key.Validate(token, "concert");

        Assert.True(check.IsValid, check.Status.ToString());
        Assert.Equal("emp-42", check.Claims!.Subject);
        Assert.Null(check.Claims.Site);
    }

    [Fact]
    public void Validate_AfterExpiryPlusSkew_Expired()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string token = key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddMinutes(5)));
        _time.Advance(TimeSpan.FromMinutes(5) + ViewerTokenKey.ClockSkew - TimeSpan.FromSeconds(1));
        Assert.True(key.Validate(token, "concert").IsValid);

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(ViewerTokenStatus.Expired, key.Validate(token, "concert").Status);
    }

    [Fact]
    public void Validate_OtherStream_WrongStream()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string token = key.Issue(new ViewerTokenClaims("town-hall", _time.GetUtcNow().AddHours(1)));

        ViewerTokenValidation check = key.Validate(token, "concert");

        Assert.Equal(ViewerTokenStatus.WrongStream, check.Status);
        Assert.Contains("'town-hall'", check.Describe("concert"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignedWithAnotherKey_BadSignature()
    {
        string token = new ViewerTokenKey("another-operator-key-of-32-chars-or-more", _time).Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(1)));

        Assert.Equal(ViewerTokenStatus.BadSignature, new ViewerTokenKey(Secret, _time).Validate(token, "concert").Status);
    }

    [Fact]
    public void Validate_PayloadSwappedForOtherStream_BadSignature()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string[] mine = key.Issue(new ViewerTokenClaims("lobby", _time.GetUtcNow().AddHours(1))).Split('.');
        string forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"stream":"concert","exp":1795662000}"""));

        Assert.Equal(ViewerTokenStatus.BadSignature, key.Validate($"{mine[0]}.{forgedPayload}.{mine[2]}", "concert").Status);
    }

    [Fact]
    public void Validate_AlgNoneHeader_Malformed()
    {
        var key = new ViewerTokenKey(Secret, _time);
        string[] parts = key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(1))).Split('.');
        string none = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"streammesh-viewer+jwt"}"""));

        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate($"{none}.{parts[1]}.", "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate($"{none}.{parts[1]}.{parts[2]}", "concert").Status);
    }

    [Fact]
    public void Validate_RotatedKeys_OldTokenStillValidNewTokensUseFirstKey()
    {
        const string Old = "the-old-operator-key-0123456789abcdef";
        string oldToken = new ViewerTokenKey(Old, _time).Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(1)));
        var rotated = new ViewerTokenKey([Secret, Old], _time);

        Assert.True(rotated.Validate(oldToken, "concert").IsValid);
        string fresh = rotated.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow().AddHours(1)));
        Assert.True(new ViewerTokenKey(Secret, _time).Validate(fresh, "concert").IsValid);
        Assert.Equal(ViewerTokenStatus.BadSignature, new ViewerTokenKey(Old, _time).Validate(fresh, "concert").Status);
    }

    [Fact]
    public void Validate_SignedPayloadWithDuplicateOrMissingClaims_Malformed()
    {
        var key = new ViewerTokenKey(Secret, _time);

        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","stream":"lobby","exp":1795662000}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert"}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""{"stream":"concert","exp":"1795662000"}"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Malformed, key.Validate(Sign("""[1,2]"""), "concert").Status);
        Assert.Equal(ViewerTokenStatus.Valid, key.Validate(Sign("""{"stream":"concert","exp":1795662000,"future":{"x":[1]}}"""), "concert").Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9..x")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9.e30.!!!!")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9.e30.AAAA.AAAA")]
    public void Validate_Garbage_RefusedWithoutThrowing(string? token)
    {
        ViewerTokenValidation check = new ViewerTokenKey(Secret, _time).Validate(token, "concert");

        Assert.False(check.IsValid);
        Assert.Equal(string.IsNullOrEmpty(token) ? ViewerTokenStatus.Missing : ViewerTokenStatus.Malformed, check.Status);
    }

    [Fact]
    public void Constructor_ShortSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ViewerTokenKey("too-short", _time));
        Assert.True(ViewerTokenKey.IsAcceptableSecret(ViewerTokenKey.GenerateSecret()));
    }

    [Fact]
    public void Issue_BadStreamName_Throws()
    {
        var key = new ViewerTokenKey(Secret, _time);

        Assert.Throws<ArgumentException>(() => key.Issue(new ViewerTokenClaims("con cert", _time.GetUtcNow())));
        Assert.Throws<ArgumentException>(() => key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow(), Site: "h\"q")));
        Assert.Throws<ArgumentException>(() => key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow(), Group: "")));
        Assert.Equal("subject", Assert.Throws<ArgumentException>(() => key.Issue(new ViewerTokenClaims("concert", _time.GetUtcNow(), Subject: "a b"))).ParamName);
    }

    private static string Sign(string payloadJson)
    {
        string input = "eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(input)));
    }
}
