using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// Parent tickets as a child presents them (WHEP Authorization bearer). Byte 0 picks the mode: even — the rest is the
/// ticket text; odd — the rest is a claims payload the harness signs with the tracker key (ES256), so mutated claims
/// reach the verifier's checks. Properties: only harness-signed tickets validate; a valid ticket names this parent
/// and stream; a second presentation of a valid ticket is Replayed.
/// </summary>
public sealed class TicketTarget : FuzzTarget, IDisposable
{
    private const string Parent = "relay-fra-1";
    private const string Stream = "concert";
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TicketIssuer _issuer;
    private TicketVerifier _verifier;

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            ".", "eyJhbGciOiJFUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdGlja2V0K2p3dCJ9", "\"stream\":", "\"sub\":", "\"aud\":", "\"exp\":", "\"jti\":",
            "\"relay-fra-1\"", "\"concert\"", "253402300799", "-1", "null", "{}", "[]", "\"\"", "\\ud800",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public TicketTarget()
    {
        _issuer = new TicketIssuer(ECDsa.Create(_signingKey.ExportParameters(includePrivateParameters: true)));
        _verifier = new TicketVerifier(_issuer.PublicKeySpki, TimeProvider.System);
    }

    public override string Name => "ticket";

    public override string Description => "TicketVerifier.Verify (decode, ES256 signature, expiry, audience, stream, replay cache) on raw and harness-signed tickets";

    public override bool IsText => true;

    public override int MaxInputLength => 2600;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    // Fresh verifier now and then, so the replay cache's size stays representative.
    public override int RefreshInterval => 4096;

    public override void Refresh(FuzzRandom random)
    {
        _verifier.Dispose();
        _verifier = new TicketVerifier(_issuer.PublicKeySpki, TimeProvider.System);
    }

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        DateTimeOffset until = DateTimeOffset.UtcNow.AddDays(30);
        string[] tickets =
        [
            _issuer.Issue(Stream, "viewer-42", Parent, until),
            _issuer.Issue("lobby", "viewer-42", Parent, until),
            _issuer.Issue(Stream, "viewer-42", "origin-1", until),
            _issuer.Issue(Stream, "viewer-42", Parent, DateTimeOffset.UtcNow.AddDays(-1)),
        ];
        long exp = until.ToUnixTimeSeconds();
        string[] payloads =
        [
            $$"""{"stream":"concert","sub":"viewer-42","aud":"relay-fra-1","exp":{{exp}},"jti":"sDhhjE_HKuiuiapNd5Tc3Q"}""",
            $$"""{"stream":"concert","sub":"v","aud":"relay-fra-1","exp":{{exp}},"jti":"x","extra":[{"deep":[[[]]]},0]}""",
        ];
        return [.. tickets.Select(t => (byte[])[0, .. Encoding.ASCII.GetBytes(t)]), .. payloads.Select(p => (byte[])[1, .. Encoding.UTF8.GetBytes(p)])];
    }

    // Linear in the input: the harness's own ES256 signing of odd-mode inputs (base64url, strings), the verifier's
    // decoded payload and signing input, JsonDocument, and the replay-cache entry of a valid ticket. A 1,350-byte
    // signed input measured 42,856 B (about 32 B per input byte, two thirds of it the harness).
    public override long AllocationBound(int inputLength) => (16 * 1024) + (40L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        bool signedByHarness = (input[0] & 1) != 0;
        string ticket = signedByHarness ? Sign(input[1..]) : Encoding.Latin1.GetString(input[1..]);
        TicketVerification check = _verifier.Verify(ticket, Parent, Stream);
        if (check.IsValid)
        {
            if (check.Claims!.ParentId != Parent || check.Claims.Stream != Stream)
            {
                throw new InvalidOperationException("a ticket for another parent or stream validated");
            }

            if (!signedByHarness && !IsUnmutatedSeed(ticket))
            {
                throw new InvalidOperationException("a mutated ticket validated without the key");
            }

            if (_verifier.Verify(ticket, Parent, Stream).Status != TicketStatus.Replayed)
            {
                throw new InvalidOperationException("a valid ticket was accepted twice");
            }
        }

        return (signedByHarness ? 16 : 0) | (int)check.Status;
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _issuer.Dispose();
        _signingKey.Dispose();
    }

    private string Sign(ReadOnlySpan<byte> payload)
    {
        string input = "eyJhbGciOiJFUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdGlja2V0K2p3dCJ9." + Base64Url.EncodeToString(payload);
        byte[] signature = _signingKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private bool IsUnmutatedSeed(string ticket)
    {
        int dot = ticket.LastIndexOf('.');
        return _signingKey.VerifyData(Encoding.ASCII.GetBytes(ticket[..dot]), Base64Url.DecodeFromChars(ticket.AsSpan(dot + 1)), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
