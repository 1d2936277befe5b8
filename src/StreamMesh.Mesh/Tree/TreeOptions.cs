using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Tree;

/// <summary>How a node takes part in a tracker's tree (section <c>Tree</c>). Without a tracker the node serves anyone.</summary>
public sealed record TreeOptions : IValidatedOptions
{
    public const string Section = "Tree";

    /// <summary>Base URL of the tracker, e.g. http://127.0.0.1:9000. Empty: no tree, no tickets.</summary>
    public string? Tracker { get; init; }

    /// <summary>This node's id in the tree; generated from the HTTP address when empty.</summary>
    public string? PeerId { get; init; }

    /// <summary>Site name (office, region); empty lets the tracker derive it from the address.</summary>
    public string? Site { get; init; }

    /// <summary>How many children this node feeds at most.</summary>
    public int MaxChildren { get; init; } = 10;

    /// <summary>URL children reach this node's HTTP endpoints at; defaults to http://{Node:Http}.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Secret an origin presents to register a stream, when the tracker requires one.</summary>
    public string? OriginToken { get; init; }

    /// <summary>Node key a relay presents to the tracker (Authorization: Bearer) when the tracker lists node keys.</summary>
    public string? NodeKey { get; init; }

    /// <summary>
    /// How long the parent may be silent before this node calls it lost and asks the tracker for the next one, ms.
    /// A live stream sends audio every 20 ms and video every 33 ms, so a few hundred ms of nothing is a dead parent.
    /// </summary>
    public int SilenceTimeoutMs { get; init; } = 300;

    /// <summary>
    /// Keep a second, connected WHEP session to the first backup parent (receiving, not forwarded) and switch to it
    /// without a new handshake when the parent fails. Costs the backup one extra stream per standby child.
    /// </summary>
    public bool WarmStandby { get; init; }

    public TimeSpan SilenceTimeout => TimeSpan.FromMilliseconds(SilenceTimeoutMs);

    public Uri? TrackerUri => string.IsNullOrWhiteSpace(Tracker) ? null : new Uri(Tracker.TrimEnd('/') + "/");

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(Tracker) && (!Uri.TryCreate(Tracker, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"Tree:Tracker must be an http(s) URL, e.g. http://127.0.0.1:9000 (got '{Tracker}')");
        }

        if (MaxChildren is < 0 or > 10_000)
        {
            throw new ArgumentException($"Tree:MaxChildren must be 0..10000 (got {MaxChildren})");
        }

        if (SilenceTimeoutMs is < 50 or > 10_000)
        {
            throw new ArgumentException($"Tree:SilenceTimeoutMs must be 50..10000 (got {SilenceTimeoutMs})");
        }

        if (!string.IsNullOrWhiteSpace(PublicUrl) && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"Tree:PublicUrl must be an absolute URL (got '{PublicUrl}')");
        }
    }

    public string ResolvePeerId(NodeOptions node) => string.IsNullOrWhiteSpace(PeerId) ? $"node-{node.Http.Replace(':', '-').Replace('.', '-')}" : PeerId;

    public string ResolvePublicUrl(NodeOptions node) => string.IsNullOrWhiteSpace(PublicUrl) ? $"{node.Scheme}://{node.Http}" : PublicUrl.TrimEnd('/');
}
