using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <summary>
/// The tracker: one <see cref="StreamTree"/> per stream behind the JSON API, session secrets per peer, and signed tickets.
/// Thread-safe: each stream is guarded by its own lock; tickets are signed outside it.
/// Embeddable: an origin process can call it directly instead of over HTTP.
/// </summary>
public sealed partial class TrackerService : IDisposable
{
    private readonly ConcurrentDictionary<string, TrackedStream> _streams = new(StringComparer.Ordinal);
    private readonly TrackerOptions _options;
    private readonly TicketIssuer _issuer;
    private readonly TicketVerifier _verifier;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[]? _originToken;

    /// <summary>Creates a tracker.</summary>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="issuer">Ticket signer (owned by the caller).</param>
    /// <param name="timeProvider">Clock for heartbeats, tickets and improvement.</param>
    /// <param name="logger">Optional logger.</param>
    public TrackerService(TrackerOptions options, TicketIssuer issuer, TimeProvider timeProvider, ILogger<TrackerService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _issuer = issuer;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _verifier = new TicketVerifier(issuer.PublicKeySpki, timeProvider);
        _originToken = options.OriginToken is null ? null : Encoding.UTF8.GetBytes(options.OriginToken);
        Key = new TrackerKeyDto { Algorithm = TicketFormat.Algorithm, KeyId = issuer.KeyId, PublicKey = Convert.ToBase64String(issuer.PublicKeySpki) };
    }

    /// <summary>Raised after each <see cref="RunMaintenance"/> pass (on the maintenance thread).</summary>
    public event EventHandler? MaintenanceCompleted;

    /// <summary>The ticket verification key, as served at GET /api/tracker/key.</summary>
    public TrackerKeyDto Key { get; }

    /// <summary>Settings in force.</summary>
    public TrackerOptions Options => _options;

    /// <summary>Stream names must look like peer ids: 1–64 of [A-Za-z0-9._:-].</summary>
    public static bool IsValidStreamName(string? stream) => PeerIdFormat.IsValid(stream);

    /// <summary>Registers an origin as a root of <paramref name="stream"/>, creating the stream if needed.</summary>
    /// <param name="stream">Stream name.</param>
    /// <param name="body">Registration.</param>
    /// <param name="remote">Caller address, for site resolution.</param>
    /// <param name="bearerToken">Token from the Authorization header, checked when an origin token is configured.</param>
    public TrackerResult<OriginRegisteredDto> RegisterOrigin(string stream, OriginRegistrationDto body, IPAddress? remote, string? bearerToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_originToken is not null && (bearerToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearerToken), _originToken)))
        {
            return Refuse<OriginRegisteredDto>(401, "Origin token required", "origin registration needs 'Authorization: Bearer <token>' with the tracker's origin token");
        }

        if (!IsValidStreamName(stream))
        {
            return BadStreamName<OriginRegisteredDto>();
        }

        var declaration = new PeerDeclaration(body.PeerId, PeerRole.Origin, body.Capacity)
        {
            Url = body.Url,
            Site = body.Site,
            Address = remote,
            Coordinate = TrackerDtoMapper.FromDto(body.Coordinate),
        };

        while (true)
        {
            if (!_streams.TryGetValue(stream, out TrackedStream? tracked))
            {
                if (_streams.Count >= _options.MaxStreams)
                {
                    return Refuse<OriginRegisteredDto>(409, "Too many streams", $"the tracker already holds {_options.MaxStreams} streams");
                }

                tracked = _streams.GetOrAdd(stream, s => new TrackedStream(new StreamTree(s, _options.Topology, _options.SitePolicy, _time)));
            }

            lock (tracked.Gate)
            {
                if (tracked.Closed)
                {
                    continue;
                }

                bool created = tracked.Tree.Origins.Count == 0 && tracked.Tree.Members.Count == 0;
                TopologyResult<TreePeer> result = tracked.Tree.AddOrigin(declaration);
                if (!result.IsOk)
                {
                    if (created && tracked.Tree.Members.Count == 0 && tracked.Tree.PendingCount == 0)
                    {
                        // Do not leave an empty stream behind a refused first registration.
                        tracked.Closed = true;
                        _streams.TryRemove(new KeyValuePair<string, TrackedStream>(stream, tracked));
                    }

                    return FromTopology<OriginRegisteredDto>(result.Status, result.Message);
                }

                TreePeer origin = result.Value!;
                string session = NewSecret();
                tracked.Sessions[origin.Id] = new PeerSession(session);
                if (created)
                {
                    TrackerLog.StreamCreated(_logger, stream, origin.Id, origin.Site);
                }
                else
                {
                    TrackerLog.OriginRegistered(_logger, stream, origin.Id, origin.Site);
                }

                return TrackerResult<OriginRegisteredDto>.Success(
                    new OriginRegisteredDto { Stream = stream, PeerId = origin.Id, Session = session, Site = origin.Site, HeartbeatIntervalMs = HeartbeatIntervalMs },
                    201);
            }
        }
    }

    /// <summary>Streams currently known.</summary>
    public IReadOnlyList<StreamSummaryDto> ListStreams()
    {
        var list = new List<StreamSummaryDto>();
        foreach ((string name, TrackedStream tracked) in _streams)
        {
            lock (tracked.Gate)
            {
                list.Add(new StreamSummaryDto { Stream = name, Origins = tracked.Tree.Origins.Count, Peers = tracked.Tree.Members.Count });
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Stream, b.Stream));
        return list;
    }

    /// <summary>The whole tree of a stream, parents listed before their children.</summary>
    public TrackerResult<TreeDto> GetTree(string stream)
    {
        if (!TryGetStream(stream, out TrackedStream? tracked, out TrackerResult<TreeDto> refusal))
        {
            return refusal;
        }

        lock (tracked.Gate)
        {
            StreamTree tree = tracked.Tree;
            var nodes = new List<TreeNodeDto>(tree.Members.Count);
            var queue = new Queue<TreePeer>(tree.Origins);
            foreach (TreePeer root in tree.DetachedRoots)
            {
                queue.Enqueue(root);
            }

            int maxDepth = 0;
            while (queue.Count > 0)
            {
                TreePeer p = queue.Dequeue();
                maxDepth = Math.Max(maxDepth, p.Depth);
                var children = new string[p.Children.Count];
                for (int i = 0; i < children.Length; i++)
                {
                    children[i] = p.Children[i].Id;
                    queue.Enqueue(p.Children[i]);
                }

                nodes.Add(new TreeNodeDto
                {
                    Id = p.Id,
                    Role = TrackerDtoMapper.ToDto(p.Role),
                    Site = p.Site,
                    State = TrackerDtoMapper.StateName(p.State),
                    Parent = p.Parent?.Id,
                    Depth = p.Depth,
                    Children = children,
                    RttToParentMs = p.Parent is null ? null : TrackerDtoMapper.Round(p.ParentRttMs),
                    RttMeasured = p.Parent is not null && p.ParentRttMeasured,
                    PathLatencyMs = TrackerDtoMapper.Round(p.PathLatencyMs),
                    Load = TrackerDtoMapper.Round(p.Load),
                    Capacity = p.Capacity,
                    Url = p.Url,
                    Stats = tracked.Sessions.TryGetValue(p.Id, out PeerSession? ps) && ps.Stats is { } full ? full : TrackerDtoMapper.ToDto(p.Stats),
                });
            }

            return TrackerResult<TreeDto>.Success(new TreeDto
            {
                Stream = stream,
                Peers = tree.Members.Count,
                Pending = tree.PendingCount,
                Detached = nodes.Count(n => n.State == "detached"),
                MaxDepth = maxDepth,
                Nodes = nodes,
            });
        }
    }

    /// <summary>
    /// One maintenance pass over every stream: removes peers past their heartbeat deadline (healing their children),
    /// runs a batch of improvement, and drops streams with nobody left.
    /// </summary>
    public void RunMaintenance()
    {
        foreach ((string name, TrackedStream tracked) in _streams)
        {
            bool changed;
            lock (tracked.Gate)
            {
                changed = ExpireSilent(name, tracked) > 0;

                IReadOnlyList<PeerMove> moves = tracked.Tree.Improve(_options.ImprovementBatch);
                if (moves.Count > 0)
                {
                    changed = true;
                    TrackerLog.PeersImproved(_logger, name, moves.Count);
                }

                if (tracked.Tree.Members.Count == 0 && tracked.Tree.PendingCount == 0)
                {
                    tracked.Closed = true;
                    tracked.SuspectTimer?.Dispose();
                    _streams.TryRemove(new KeyValuePair<string, TrackedStream>(name, tracked));
                    TrackerLog.StreamClosed(_logger, name);
                }
            }

            if (changed)
            {
                OnTreeChanged(name);
            }
        }

        MaintenanceCompleted?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (TrackedStream tracked in _streams.Values)
        {
            tracked.SuspectTimer?.Dispose();
        }

        _verifier.Dispose();
    }

    private int HeartbeatIntervalMs => (int)_options.HeartbeatInterval.TotalMilliseconds;

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    private bool TryGetStream<T>(string stream, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrackedStream? tracked, out TrackerResult<T> refusal)
        where T : class
    {
        tracked = null;
        if (!IsValidStreamName(stream))
        {
            refusal = BadStreamName<T>();
            return false;
        }

        if (!_streams.TryGetValue(stream, out tracked))
        {
            refusal = Refuse<T>(404, "Unknown stream", $"stream '{stream}' does not exist: an origin must register it first (POST /api/streams/{stream}/origins)");
            return false;
        }

        refusal = default;
        return true;
    }

    private TrackerResult<T> BadStreamName<T>()
        where T : class => Refuse<T>(400, "Bad stream name", $"stream names are 1-{PeerIdFormat.MaxLength} characters of A-Z a-z 0-9 . _ : -");

    private TrackerResult<T> FromTopology<T>(TopologyStatus status, string? message)
        where T : class
    {
        string detail = message ?? status.ToString();
        return status switch
        {
            TopologyStatus.UnknownPeer => Refuse<T>(404, "Unknown peer", detail),
            TopologyStatus.DuplicatePeer => Refuse<T>(409, "Duplicate peer", detail),
            TopologyStatus.InvalidRequest => Refuse<T>(422, "Invalid request", detail),
            TopologyStatus.NoEligibleParent => Refuse<T>(409, "No free slot", detail),
            TopologyStatus.NotAttached => Refuse<T>(409, "Not attached", detail),
            _ => Refuse<T>(500, "Unexpected", detail),
        };
    }

    private TrackerResult<T> Refuse<T>(int status, string title, string detail)
        where T : class
    {
        TrackerLog.Refused(_logger, status, detail);
        return TrackerResult<T>.Refuse(status, title, detail);
    }
}
