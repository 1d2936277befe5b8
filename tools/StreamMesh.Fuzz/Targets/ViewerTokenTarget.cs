using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Mesh.Security;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// Viewer tokens as a joiner sends them. Byte 0 picks the mode: even — the rest is the token text as received;
/// odd — the rest is a payload that the harness signs with the operator's key first, so mutated claims get past the
/// HMAC and reach the claims reader. Properties: a token validates only if the harness signed it; a valid token's
/// claims are for the stream it was checked against.
/// </summary>
public sealed class ViewerTokenTarget : FuzzTarget
{
    private const string Secret = "fuzz-operator-viewer-token-key-0123456789";
    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);
    private readonly ViewerTokenKey _key = new(Secret, TimeProvider.System);

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            ".", "eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9", "\"stream\":", "\"exp\":", "\"site\":", "\"group\":", "\"sub\":",
            "\"concert\"", "\"lobby\"", "253402300799", "253402300800", "-1", "0", "1e3", "\"\"", "null", "{}", "[]", "\\u0000", "=", "+", "/", "_", "-",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public override string Name => "viewer-token";

    public override string Description => "ViewerTokenKey.Validate on raw token text and on harness-signed mutated payloads (claims reader)";

    public override bool IsText => true;

    public override int MaxInputLength => 2600;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        DateTimeOffset until = DateTimeOffset.UtcNow.AddDays(30);
        string[] tokens =
        [
            _key.Issue(new ViewerTokenClaims("concert", until)),
            _key.Issue(new ViewerTokenClaims("concert", until, Site: "hq", Group: "staff", Subject: "emp-42")),
            _key.Issue(new ViewerTokenClaims("lobby", until)),
            _key.Issue(new ViewerTokenClaims("concert", DateTimeOffset.UtcNow.AddDays(-1))),
            new ViewerTokenKey("another-key-of-at-least-32-characters!", TimeProvider.System).Issue(new ViewerTokenClaims("concert", until)),
        ];
        string[] payloads =
        [
            $$"""{"stream":"concert","exp":{{until.ToUnixTimeSeconds()}}}""",
            $$"""{"stream":"concert","exp":{{until.ToUnixTimeSeconds()}},"site":"hq","group":"staff","sub":"emp-42","extra":[1,{"a":null}]}""",
            """{"stream":"concert","exp":253402300799}""",
        ];
        return [.. tokens.Select(t => (byte[])[0, .. Encoding.ASCII.GetBytes(t)]), .. payloads.Select(p => (byte[])[1, .. Encoding.UTF8.GetBytes(p)])];
    }

    // Linear in the input and dominated by the harness's own signing of odd-mode inputs (base64url, string
    // concatenation); ViewerTokenKey.Validate alone allocated 1,264 B for a 1,697-character token.
    public override long AllocationBound(int inputLength) => (16 * 1024) + (32L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        bool signedByHarness = (input[0] & 1) != 0;
        string token = signedByHarness ? Sign(input[1..]) : Encoding.Latin1.GetString(input[1..]);
        ViewerTokenValidation check = _key.Validate(token, "concert");
        if (check.IsValid && check.Claims!.Stream != "concert")
        {
            throw new InvalidOperationException($"a token for '{check.Claims.Stream}' validated for 'concert'");
        }

        if (check.IsValid && !signedByHarness && !IsSignedCopy(token))
        {
            throw new InvalidOperationException("a mutated token validated without the key");
        }

        _ = check.Describe("concert");
        return (signedByHarness ? 16 : 0) | (int)check.Status | (check.Claims?.Site is null ? 0 : 32) | (check.Claims?.Group is null ? 0 : 64);
    }

    private static string Sign(ReadOnlySpan<byte> payload)
    {
        string input = "eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9." + Base64Url.EncodeToString(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(SecretBytes, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>A raw input may validate only when it is byte-for-byte a token signed with the key (e.g. an unmutated seed).</summary>
    private static bool IsSignedCopy(string token)
    {
        int dot = token.LastIndexOf('.');
        byte[] mac = HMACSHA256.HashData(SecretBytes, Encoding.ASCII.GetBytes(token[..dot]));
        return Base64Url.EncodeToString(mac) == token[(dot + 1)..];
    }
}
