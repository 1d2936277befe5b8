using Microsoft.Extensions.Configuration;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Who may join the tracker's trees (keys under section <c>Tracker</c>, see docs/security.md). Everything is open
/// unless configured: streams listed in <see cref="PrivateStreams"/> need a viewer token signed with one of
/// <see cref="ViewerTokenKeys"/>; with <see cref="NodeKeys"/> set, role "relay" needs one of them as a bearer token.
/// </summary>
public sealed record TrackerAccessOptions
{
    /// <summary>Shortest accepted node key.</summary>
    public const int MinimumNodeKeyLength = 16;

    /// <summary>Operator secrets that sign viewer tokens; the first signs, all validate (rotation).</summary>
    public IReadOnlyList<string> ViewerTokenKeys { get; init; } = [];

    /// <summary>Streams that need a viewer token; "*" makes every stream private.</summary>
    public IReadOnlyList<string> PrivateStreams { get; init; } = [];

    /// <summary>Per private stream, the token "group" claims admitted; a stream not listed admits any group.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StreamGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Keys relay nodes present (Authorization: Bearer) to join as role "relay"; empty: relays are not authenticated.</summary>
    public IReadOnlyList<string> NodeKeys { get; init; } = [];

    /// <summary>No restrictions.</summary>
    public static TrackerAccessOptions Open { get; } = new();

    /// <summary>True when <paramref name="stream"/> needs a viewer token.</summary>
    public bool IsPrivate(string stream)
    {
        foreach (string name in PrivateStreams)
        {
            if (name == "*" || string.Equals(name, stream, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value (secrets are never echoed).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ViewerTokenKeys, nameof(ViewerTokenKeys));
        ArgumentNullException.ThrowIfNull(PrivateStreams, nameof(PrivateStreams));
        ArgumentNullException.ThrowIfNull(StreamGroups, nameof(StreamGroups));
        ArgumentNullException.ThrowIfNull(NodeKeys, nameof(NodeKeys));
        foreach (string key in ViewerTokenKeys)
        {
            if (!ViewerTokenKey.IsAcceptableSecret(key))
            {
                throw new ArgumentException($"Tracker:ViewerTokenKey: every key must be {ViewerTokenKey.MinimumSecretLength}-1024 characters (generate one with 'streammesh token --new-key')", nameof(ViewerTokenKeys));
            }
        }

        if (PrivateStreams.Count > 0 && ViewerTokenKeys.Count == 0)
        {
            throw new ArgumentException("Tracker:PrivateStreams is set but Tracker:ViewerTokenKey is not: private streams need the operator's viewer-token key", nameof(PrivateStreams));
        }

        foreach (string stream in PrivateStreams)
        {
            if (stream != "*" && !Topology.Tree.PeerIdFormat.IsValid(stream))
            {
                throw new ArgumentException($"Tracker:PrivateStreams: '{stream}' is not a stream name (or '*')", nameof(PrivateStreams));
            }
        }

        foreach (string key in NodeKeys)
        {
            if (key is null || key.Trim().Length < MinimumNodeKeyLength || key.Length > 1024)
            {
                throw new ArgumentException($"Tracker:NodeKeys: every node key must be {MinimumNodeKeyLength}-1024 characters", nameof(NodeKeys));
            }
        }
    }

    /// <summary>
    /// Reads ViewerTokenKey (comma-separated for rotation), PrivateStreams (comma-separated), NodeKeys (comma-separated)
    /// and StreamGroups:{stream} (comma-separated groups) from the tracker section.
    /// </summary>
    public static TrackerAccessOptions FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (IConfigurationSection stream in section.GetSection("StreamGroups").GetChildren())
        {
            groups[stream.Key] = List(stream.Value ?? string.Empty, stream);
        }

        var options = new TrackerAccessOptions
        {
            ViewerTokenKeys = List(section["ViewerTokenKey"], section.GetSection("ViewerTokenKey")),
            PrivateStreams = List(section["PrivateStreams"], section.GetSection("PrivateStreams")),
            NodeKeys = List(section["NodeKeys"], section.GetSection("NodeKeys")),
            StreamGroups = groups,
        };
        options.Validate();
        return options;
    }

    /// <summary>"a,b" or an array section (Key:0, Key:1).</summary>
    private static string[] List(string? text, IConfigurationSection arraySection)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return [.. arraySection.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)];
    }
}
