using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// The tracker's JSON request bodies: each input is deserialised exactly as the endpoints do (the strict
/// source-generated <see cref="TrackerJsonContext"/>, <see cref="JsonException"/> = 400) and, when it deserialises,
/// handed to the real <see cref="TrackerService"/> operation (validation, access check, tree). Property: every
/// answer is one of the documented statuses (never 500) and a success carries a body.
/// </summary>
public sealed class TrackerJsonTarget : FuzzTarget, IDisposable
{
    private const string ViewerKey = "fuzz-operator-viewer-token-key-0123456789";
    private const string NodeKey = "fuzz-node-key-0123456789";
    private static readonly string[] Streams = ["live", "private", "nope", "bad name!"];
    private static readonly int[] Documented = [200, 201, 400, 401, 403, 404, 409, 422];
    private static readonly IPAddress Remote = IPAddress.Parse("10.0.0.7");

    private readonly Dictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private TicketIssuer _issuer = TicketIssuer.CreateEphemeral();
    private TrackerService _service = null!;

    public TrackerJsonTarget() => Refresh(new FuzzRandom(1));

    public override string Name => "tracker-json";

    public override string Description => "TrackerJsonContext deserialisation of all 7 request DTOs + TrackerService operations (join with access check, confirm, heartbeat, leave, unreachable, origins, tickets/verify)";

    public override bool IsText => true;

    public override int MaxInputLength => 4096;

    public override IReadOnlyList<byte[]> Dictionary => TrackerJsonSeeds.Tokens;

    // A fresh tracker every 2,048 inputs keeps the tree (and the cost of a join) at a steady size.
    public override int RefreshInterval => 2048;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        string token = new ViewerTokenKey(ViewerKey, TimeProvider.System).Issue(new ViewerTokenClaims("private", DateTimeOffset.UtcNow.AddDays(7)));
        string ticket = _issuer.Issue("live", "viewer-42", "origin-1", DateTimeOffset.UtcNow.AddDays(7));
        return TrackerJsonSeeds.Create(token, ticket);
    }

    // Joins rank candidates over a tree of up to a few thousand peers; bounded by the refresh, linear in the body.
    public override long AllocationBound(int inputLength) => (1024 * 1024) + (200L * inputLength);

    public override void Refresh(FuzzRandom random)
    {
        _service?.Dispose();
        _sessions.Clear();
        var options = new TrackerOptions
        {
            MaxPeersPerStream = 4096,
            Access = new TrackerAccessOptions { ViewerTokenKeys = [ViewerKey], PrivateStreams = ["private"], NodeKeys = [NodeKey] },
        };
        _service = new TrackerService(options, _issuer, TimeProvider.System);
        foreach (string stream in (string[])["live", "private"])
        {
            _service.RegisterOrigin(stream, new OriginRegistrationDto { PeerId = "origin-1", Capacity = 8, Url = "http://198.51.100.10:8080" }, Remote, null);
        }
    }

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        int kind = input[0] & 7;
        string stream = Streams[(input[0] >> 4) & 3];
        string? bearer = (input[0] & 64) != 0 ? NodeKey : null;
        ReadOnlySpan<byte> json = input[1..];
        int outcome = (kind + 1) << 12;
        (int status, bool hasBody) = kind switch
        {
            0 => Run(json, TrackerJsonContext.Default.OriginRegistrationDto, b => _service.RegisterOrigin(stream, b, Remote, bearer)),
            1 => Run(json, TrackerJsonContext.Default.JoinRequestDto, b => Remember(b.PeerId, _service.Join(stream, b with { Session = Session(b.PeerId, b.Session) }, Remote, bearer))),
            2 => Run(json, TrackerJsonContext.Default.ConfirmRequestDto, b => _service.Confirm(stream, b with { Session = Session(b.PeerId, b.Session)! })),
            3 => Run(json, TrackerJsonContext.Default.HeartbeatRequestDto, b => _service.Heartbeat(stream, b with { Session = Session(b.PeerId, b.Session)! })),
            4 => Run(json, TrackerJsonContext.Default.SessionRequestDto, b => _service.Leave(stream, b with { Session = Session(b.PeerId, b.Session)! })),
            5 => Run(json, TrackerJsonContext.Default.UnreachableRequestDto, b => _service.ReportUnreachable(stream, b with { Session = Session(b.PeerId, b.Session)! })),
            _ => Run(json, TrackerJsonContext.Default.TicketCheckRequestDto, b => _service.CheckTicket(stream, b)),
        };
        if (status != 400 && Array.IndexOf(Documented, status) < 0)
        {
            throw new InvalidOperationException($"the tracker answered {status}, which the API does not document");
        }

        return outcome | status | (hasBody ? 1024 : 0);
    }

    public void Dispose()
    {
        _service.Dispose();
        _issuer.Dispose();
    }

    /// <returns>(status, success carries a value); 400 for what the endpoint's reader refuses.</returns>
    private static (int Status, bool HasBody) Run<TRequest, TResponse>(ReadOnlySpan<byte> json, JsonTypeInfo<TRequest> type, Func<TRequest, TrackerResult<TResponse>> operation)
        where TRequest : class
        where TResponse : class
    {
        TRequest? body;
        try
        {
            // The same call TrackerHttp.ReadAsync makes on the request body.
            body = JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return (400, false);
        }

        if (body is null)
        {
            return (400, false);
        }

        TrackerResult<TResponse> result = operation(body);
        if (result.IsSuccess != (result.Problem is null))
        {
            throw new InvalidOperationException($"status {result.StatusCode} with value {result.Value is not null} and problem {result.Problem is not null}");
        }

        return (result.StatusCode, result.Value is not null);
    }

    private string? Session(string peerId, string? session) =>
        session == TrackerJsonSeeds.SessionPlaceholder && _sessions.TryGetValue(peerId, out string? real) ? real : session;

    private TrackerResult<JoinResponseDto> Remember(string peerId, TrackerResult<JoinResponseDto> result)
    {
        if (result.Value is { } joined && _sessions.Count < 8192)
        {
            _sessions[peerId] = joined.Session;
        }

        return result;
    }
}
