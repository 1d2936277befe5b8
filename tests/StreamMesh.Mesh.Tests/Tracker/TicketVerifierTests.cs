using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Mesh.Tests.Tracker;

public sealed class TicketVerifierTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketIssuer _issuer = TicketIssuer.CreateEphemeral();
    private readonly TicketVerifier _verifier;

    public TicketVerifierTests()
    {
        _verifier = new TicketVerifier(_issuer.PublicKeySpki, _time, TimeSpan.Zero);
    }

    [Fact]
    public void Verify_FreshTicketForMe_ValidWithClaims()
    {
        string ticket = _issuer.Issue("live", "viewer-1", "relay-1", _time.GetUtcNow().AddSeconds(30));

        TicketVerification result = _verifier.Verify(ticket, "relay-1", "live");

        Assert.Equal(TicketStatus.Valid, result.Status);
        Assert.Equal(new TicketClaims("live", "viewer-1", "relay-1", _time.GetUtcNow().AddSeconds(30), result.Claims!.Nonce), result.Claims);
    }

    [Fact]
    public void Issue_Format_IsCompactJwsWithEs256Header()
    {
        string ticket = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));

        string[] parts = ticket.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("{\"alg\":\"ES256\",\"typ\":\"streammesh-ticket+jwt\"}", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);
    }

    [Fact]
    public void Verify_SecondPresentation_Replayed()
    {
        string ticket = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));
        Assert.True(_verifier.Verify(ticket, "r").IsValid);

        Assert.Equal(TicketStatus.Replayed, _verifier.Verify(ticket, "r").Status);
    }

    [Fact]
    public void Verify_AfterExpiry_Expired()
    {
        string ticket = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(TicketStatus.Expired, _verifier.Verify(ticket, "r").Status);
    }

    [Fact]
    public void Verify_OtherParent_WrongParent()
    {
        string ticket = _issuer.Issue("live", "v", "r1", _time.GetUtcNow().AddSeconds(30));

        Assert.Equal(TicketStatus.WrongParent, _verifier.Verify(ticket, "r2").Status);
    }

    [Fact]
    public void Verify_OtherStream_WrongStream()
    {
        string ticket = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));

        Assert.Equal(TicketStatus.WrongStream, _verifier.Verify(ticket, "r", "other").Status);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_BadSignature()
    {
        using TicketIssuer forger = TicketIssuer.CreateEphemeral();
        string ticket = forger.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));

        Assert.Equal(TicketStatus.BadSignature, _verifier.Verify(ticket, "r").Status);
    }

    [Fact]
    public void Verify_PayloadSwappedForLongerExpiry_BadSignature()
    {
        string ticket = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));
        string[] parts = ticket.Split('.');
        string forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"stream\":\"live\",\"sub\":\"v\",\"aud\":\"r\",\"exp\":4102444800,\"jti\":\"x\"}"));

        TicketVerification result = _verifier.Verify($"{parts[0]}.{forgedPayload}.{parts[2]}", "r");

        Assert.Equal(TicketStatus.BadSignature, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    [InlineData("eyJhbGciOiJFUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdGlja2V0K2p3dCJ9.!!!.AAAA")]
    [InlineData("eyJhbGciOiJFUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdGlja2V0K2p3dCJ9.e30.AAAA")]
    public void Verify_Garbage_MalformedWithoutThrowing(string? ticket)
    {
        Assert.Equal(TicketStatus.Malformed, _verifier.Verify(ticket, "r").Status);
    }

    [Fact]
    public void Verify_ReplayCacheForgetsExpiredNonces_StillRejectsExpiredReplay()
    {
        string first = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(5));
        Assert.True(_verifier.Verify(first, "r").IsValid);
        _time.Advance(TimeSpan.FromSeconds(10));
        string second = _issuer.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(5));

        Assert.True(_verifier.Verify(second, "r").IsValid);
        Assert.Equal(TicketStatus.Expired, _verifier.Verify(first, "r").Status);
    }

    [Fact]
    public void LoadOrCreate_MissingFile_CreatesKeyThatLoadsAgain()
    {
        string path = Path.Combine(Path.GetTempPath(), $"streammesh-key-{Guid.NewGuid():N}.pem");
        try
        {
            using TicketIssuer created = TicketIssuer.LoadOrCreate(path);
            using TicketIssuer loaded = TicketIssuer.LoadOrCreate(path);

            Assert.Equal(created.KeyId, loaded.KeyId);
            string ticket = loaded.Issue("live", "v", "r", _time.GetUtcNow().AddSeconds(30));
            using TicketVerifier verifier = VerifierFor(created);
            Assert.True(verifier.Verify(ticket, "r").IsValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _issuer.Dispose();
    }

    private TicketVerifier VerifierFor(TicketIssuer issuer) => new(issuer.PublicKeySpki, _time);
}
