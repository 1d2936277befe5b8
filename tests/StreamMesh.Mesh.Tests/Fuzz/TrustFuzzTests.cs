using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Topology.Sites;

namespace StreamMesh.Mesh.Tests.Fuzz;

/// <summary>
/// Short versions of the tools/StreamMesh.Fuzz targets tracker-json, site-csv, viewer-token and ticket
/// (docs/fuzzing.md): mutated seeds, no escaping exception, bounded allocation, and both accepting and
/// refusing outcomes reached.
/// </summary>
public sealed class TrustFuzzTests : IDisposable
{
    private const string ViewerKey = "fuzz-operator-viewer-token-key-0123456789";
    private const string NodeKey = "fuzz-node-key-0123456789";
    private static readonly IPAddress Remote = IPAddress.Parse("10.0.0.7");
    private readonly TicketIssuer _issuer = TicketIssuer.CreateEphemeral();

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public async Task TrackerJson_MutatedBodiesThroughDeserialiserAndService_OnlyDocumentedStatuses()
    {
        using TrackerService service = new(
            new TrackerOptions { MaxPeersPerStream = 4096, Access = new TrackerAccessOptions { ViewerTokenKeys = [ViewerKey], PrivateStreams = ["private"], NodeKeys = [NodeKey] } },
            _issuer,
            TimeProvider.System);
        service.RegisterOrigin("live", new OriginRegistrationDto { PeerId = "origin-1", Capacity = 8, Url = "http://198.51.100.10:8080" }, Remote, null);
        service.RegisterOrigin("private", new OriginRegistrationDto { PeerId = "origin-1", Capacity = 8, Url = "http://198.51.100.10:8080" }, Remote, null);
        string token = new ViewerTokenKey(ViewerKey, TimeProvider.System).Issue(new ViewerTokenClaims("private", DateTimeOffset.UtcNow.AddDays(1)));
        string[] bodies =
        [
            """{"peerId":"origin-2","capacity":32,"url":"http://198.51.100.10:8080","site":"hq","coordinate":{"x":1.5,"y":-2,"height":0.1}}""",
            """{"peerId":"relay-1","role":"relay","capacity":200,"url":"http://203.0.113.20:8080","probes":[{"peerId":"origin-1","rttMs":11.8}]}""",
            $$"""{"peerId":"viewer-43","role":"viewer","coordinate":{"x":3,"y":4,"height":0.5},"token":"{{token}}"}""",
            """{"peerId":"viewer-42","session":"s","parents":["relay-1","origin-1"],"probes":[{"peerId":"origin-1","rttMs":31}]}""",
            """{"peerId":"viewer-42","session":"s","parentRttMs":9.1,"samples":[{"peerId":"origin-1","rttMs":22}],"stats":{"receiveKbps":2480,"sendKbps":0,"lossFraction":0.002,"jitterMs":3.1}}""",
            """{"peerId":"viewer-42","session":"s"}""",
            """{"peerId":"viewer-42","session":"s","unreachable":["relay-1"],"reachable":["origin-1"]}""",
            $$"""{"ticket":"{{_issuer.Issue("live", "viewer-42", "origin-1", DateTimeOffset.UtcNow.AddDays(1))}}","parentId":"origin-1"}""",
        ];
        byte[][] seeds = [.. bodies.SelectMany((b, kind) => new[] { 0, 16, 64, 80 }.Select(flags => (byte[])[(byte)(kind | flags), .. Encoding.UTF8.GetBytes(b)]))];
        int[] documented = [200, 201, 400, 401, 403, 404, 409, 422];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (input.IsEmpty)
            {
                return 0;
            }

            string stream = (input[0] & 16) != 0 ? "private" : "live";
            string? bearer = (input[0] & 64) != 0 ? NodeKey : null;
            ReadOnlySpan<byte> json = input[1..];
            int status = (input[0] & 7) switch
            {
                0 => Run(json, TrackerJsonContext.Default.OriginRegistrationDto, b => service.RegisterOrigin(stream, b, Remote, bearer)),
                1 => Run(json, TrackerJsonContext.Default.JoinRequestDto, b => service.Join(stream, b, Remote, bearer)),
                2 => Run(json, TrackerJsonContext.Default.JoinRequestDto, b => service.Join(stream, b, Remote, bearer)),
                3 => Run(json, TrackerJsonContext.Default.ConfirmRequestDto, b => service.Confirm(stream, b)),
                4 => Run(json, TrackerJsonContext.Default.HeartbeatRequestDto, b => service.Heartbeat(stream, b)),
                5 => Run(json, TrackerJsonContext.Default.SessionRequestDto, b => service.Leave(stream, b)),
                6 => Run(json, TrackerJsonContext.Default.UnreachableRequestDto, b => service.ReportUnreachable(stream, b)),
                _ => Run(json, TrackerJsonContext.Default.TicketCheckRequestDto, b => service.CheckTicket(stream, b)),
            };
            Assert.Contains(status, documented);
            return status;
        }, iterations: 4_000, allocationBound: 1024 * 1024);

        Assert.Contains(400, outcomes);
        Assert.Contains(200, outcomes);
        Assert.Contains(201, outcomes);
    }

    [Fact]
    public async Task SiteCsv_MutatedMaps_ParseOrRefuseAndResolveWithoutThrowing()
    {
        string[] maps =
        [
            "kind,arg1,arg2\nsite,hq,relay\nsite,vpn,receive-only\nsubnet,10.0.0.0/16,hq\nsubnet,10.0.250.0/23,vpn # pool\nsubnet,2001:db8:100::/48,hq\nfeed,hq,*\ndefault,hq\n",
            "site,a\nsite,b\nfeed,a,b\nsubnet,192.0.2.0/24,a\n",
            "subnet,::/0,x\nsite,x,relay\n",
        ];
        IPAddress[] probes = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.250.9"), IPAddress.Parse("2001:db8:100::5"), IPAddress.Any];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync([.. maps.Select(Encoding.Latin1.GetBytes)], input =>
        {
            if (!SiteMapCsv.TryParse(Encoding.Latin1.GetString(input), out SitePolicy? policy, out string? error))
            {
                Assert.False(string.IsNullOrEmpty(error));
                return 0;
            }

            int feeds = 0;
            foreach (IPAddress address in probes)
            {
                string site = policy.ResolveSite(address, null);
                feeds += policy.MayFeed(policy.DefaultSite, site) ? 1 : 0;
            }

            return 1 + Math.Min(policy.Subnets.Count, 3) + (feeds > 0 ? 4 : 0);
        }, iterations: 20_000, allocationBound: (64 * 1024) + (300L * 4096));

        Assert.Contains(0, outcomes);
        Assert.True(outcomes.Count > 2);
    }

    [Fact]
    public async Task ViewerToken_MutatedTokensAndSignedPayloads_OnlyKeySignedValidate()
    {
        var key = new ViewerTokenKey(ViewerKey, TimeProvider.System);
        DateTimeOffset until = DateTimeOffset.UtcNow.AddDays(30);
        byte[][] seeds =
        [
            [0, .. Encoding.ASCII.GetBytes(key.Issue(new ViewerTokenClaims("concert", until, Site: "hq", Group: "staff")))],
            [0, .. Encoding.ASCII.GetBytes(key.Issue(new ViewerTokenClaims("lobby", until)))],
            [1, .. Encoding.UTF8.GetBytes($$"""{"stream":"concert","exp":{{until.ToUnixTimeSeconds()}},"site":"hq"}""")],
            [1, .. Encoding.UTF8.GetBytes("""{"stream":"concert","exp":253402300799}""")],
        ];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (input.IsEmpty)
            {
                return -1;
            }

            bool signed = (input[0] & 1) != 0;
            string token = signed ? SignViewerPayload(input[1..]) : Encoding.Latin1.GetString(input[1..]);
            ViewerTokenValidation check = key.Validate(token, "concert");
            Assert.False(check.IsValid && !signed && input.Length != seeds[0].Length, "a mutated token validated without the key");
            return (signed ? 16 : 0) | (int)check.Status;
        }, iterations: 20_000, allocationBound: (16 * 1024) + (16L * 2600));

        Assert.Contains((int)ViewerTokenStatus.Valid | 16, outcomes);
        Assert.Contains((int)ViewerTokenStatus.Malformed, outcomes);
        Assert.Contains((int)ViewerTokenStatus.BadSignature, outcomes);
    }

    [Fact]
    public async Task Ticket_MutatedTicketsAndSignedPayloads_NeverThrowAndValidOnesAreSingleUse()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuer = new TicketIssuer(ECDsa.Create(signing.ExportParameters(includePrivateParameters: true)));
        using var verifier = new TicketVerifier(issuer.PublicKeySpki, TimeProvider.System);
        long exp = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        byte[][] seeds =
        [
            [0, .. Encoding.ASCII.GetBytes(issuer.Issue("concert", "viewer-42", "relay-1", DateTimeOffset.UtcNow.AddDays(30)))],
            [1, .. Encoding.UTF8.GetBytes($$"""{"stream":"concert","sub":"viewer-42","aud":"relay-1","exp":{{exp}},"jti":"sDhhjE_HKuiuiapNd5Tc3Q"}""")],
        ];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (input.IsEmpty)
            {
                return -1;
            }

            bool signed = (input[0] & 1) != 0;
            string ticket = signed ? SignTicketPayload(signing, input[1..]) : Encoding.Latin1.GetString(input[1..]);
            TicketVerification check = verifier.Verify(ticket, "relay-1", "concert");
            if (check.IsValid)
            {
                Assert.Equal(TicketStatus.Replayed, verifier.Verify(ticket, "relay-1", "concert").Status);
            }

            return (signed ? 16 : 0) | (int)check.Status;
        }, iterations: 5_000, allocationBound: (16 * 1024) + (16L * 2600));

        Assert.Contains((int)TicketStatus.Valid | 16, outcomes);
        Assert.Contains((int)TicketStatus.Malformed, outcomes);
    }

    internal static string SignViewerPayload(ReadOnlySpan<byte> payload)
    {
        string input = "eyJhbGciOiJIUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdmlld2VyK2p3dCJ9." + Base64Url.EncodeToString(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ViewerKey), Encoding.ASCII.GetBytes(input)));
    }

    internal static string SignTicketPayload(ECDsa key, ReadOnlySpan<byte> payload)
    {
        string input = "eyJhbGciOiJFUzI1NiIsInR5cCI6InN0cmVhbW1lc2gtdGlja2V0K2p3dCJ9." + Base64Url.EncodeToString(payload);
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private static int Run<TRequest, TResponse>(ReadOnlySpan<byte> json, JsonTypeInfo<TRequest> type, Func<TRequest, TrackerResult<TResponse>> operation)
        where TRequest : class
        where TResponse : class
    {
        TRequest? body;
        try
        {
            body = JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return 400;
        }

        return body is null ? 400 : operation(body).StatusCode;
    }
}
