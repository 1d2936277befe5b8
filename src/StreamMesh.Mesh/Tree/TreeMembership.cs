using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// This node's identity in the tracker's tree and the tracker's ticket key, which decides who may
/// attach here: with a tracker configured, a WHEP offer needs a valid, unused ticket naming this node.
/// </summary>
public sealed partial class TreeMembership : IDisposable
{
    private readonly ILogger _logger;
    private readonly TrackerAccessOptions? _access;
    private readonly ViewerTokenKey? _viewerKey;
    private TicketVerifier? _verifier;

    public TreeMembership(IOptions<TreeOptions> tree, IOptions<NodeOptions> node, TimeProvider time, ILoggerFactory loggers, IOptions<NodeAccessOptions>? access = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(node);
        if (access?.Value is { Keys.Count: > 0 } a)
        {
            _access = new TrackerAccessOptions { ViewerTokenKeys = a.Keys, PrivateStreams = a.Streams };
            _viewerKey = new ViewerTokenKey(a.Keys, time);
        }

        Options = tree.Value;
        Time = time;
        PeerId = Options.ResolvePeerId(node.Value);
        PublicUrl = Options.ResolvePublicUrl(node.Value);
        _logger = loggers.CreateLogger<TreeMembership>();
        if (Options.TrackerUri is { } tracker)
        {
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            if (!string.IsNullOrWhiteSpace(Options.NodeKey))
            {
                // Every tracker call carries the node key; a per-request header (the origin token) still wins.
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Options.NodeKey.Trim());
            }

            Client = new TrackerClient(http, tracker);
        }
    }

    public TreeOptions Options { get; }

    /// <summary>Handshakes and warm standby promotions of this node's upstream links.</summary>
    public UpstreamCounters Upstream { get; } = new();

    public TimeProvider Time { get; }

    public string PeerId { get; }

    public string PublicUrl { get; }

    /// <summary>The tracker client, or null when the node runs without a tree.</summary>
    public TrackerClient? Client { get; }

    public bool RequiresTicket => Client is not null;

    public bool HasTicketKey => Volatile.Read(ref _verifier) is not null;

    /// <summary>Fetches the tracker's public key once; retried by callers until it succeeds.</summary>
    public async Task EnsureTicketKeyAsync(CancellationToken cancellationToken)
    {
        if (Client is null || HasTicketKey)
        {
            return;
        }

        var key = await Client.GetKeyAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _verifier, TicketVerifier.FromBase64(key.PublicKey, Time));
        LogKeyLoaded(_logger, key.KeyId, Client.BaseAddress);
    }

    /// <summary>Checks the ticket a child presents for <paramref name="stream"/>.</summary>
    /// <returns>Null when admitted, else the reason for the refusal.</returns>
    public string? Admit(string? authorizationHeader, string stream)
    {
        if (!RequiresTicket)
        {
            return AdmitViewer(authorizationHeader, stream);
        }

        var verifier = Volatile.Read(ref _verifier);
        if (verifier is null)
        {
            return "this node has not yet loaded the tracker's ticket key; try again shortly";
        }

        const string Bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return "a ticket from the tracker is required: send Authorization: Bearer <ticket> (join and confirm at the tracker first)";
        }

        var result = verifier.Verify(authorizationHeader[Bearer.Length..].Trim(), PeerId, stream);
        return result.IsValid ? null : $"the ticket was refused: {result.Status}";
    }

    /// <summary>Counts a refused attach (no, forged, expired or reused ticket) for /metrics.</summary>
    public long TicketsRefused => Interlocked.Read(ref _ticketsRefused);

    private long _ticketsRefused;

    /// <summary><see cref="Admit"/>, counting refusals.</summary>
    public string? AdmitAndCount(string? authorizationHeader, string stream)
    {
        var refusal = Admit(authorizationHeader, stream);
        if (refusal is not null)
        {
            Interlocked.Increment(ref _ticketsRefused);
        }

        return refusal;
    }

    public void Dispose() => _verifier?.Dispose();

    /// <summary>Without a tracker, a private stream (section Access) needs a viewer token as the bearer.</summary>
    private string? AdmitViewer(string? authorizationHeader, string stream)
    {
        if (_access is null || _viewerKey is null || !_access.IsPrivate(stream))
        {
            return null;
        }

        const string Bearer = "Bearer ";
        string? token = authorizationHeader is not null && authorizationHeader.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authorizationHeader[Bearer.Length..].Trim()
            : null;
        var check = _viewerKey.Validate(token, stream);
        return check.IsValid ? null : check.Describe(stream);
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Loaded ticket key {KeyId} from tracker {Tracker}")]
    private static partial void LogKeyLoaded(ILogger logger, string keyId, Uri tracker);
}
