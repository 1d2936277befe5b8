using System.Text.Json;
using StreamMesh.EndToEnd.Tests.Infrastructure;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>GET /api/streams/demo/tree as seen by a test: who is attached, who feeds whom.</summary>
internal sealed class ObservedTree
{
    private readonly Dictionary<string, (string? Parent, string State, string Role)> _nodes = new(StringComparer.Ordinal);

    private ObservedTree(string json)
    {
        Json = json;
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("nodes", out var nodes))
        {
            foreach (var node in nodes.EnumerateArray())
            {
                _nodes[node.GetProperty("id").GetString()!] = (node.GetProperty("parent").GetString(), node.GetProperty("state").GetString()!, node.GetProperty("role").GetString()!);
            }
        }
    }

    public string Json { get; }

    public static async Task<ObservedTree> ReadAsync(HttpClient http, NodeProcess tracker, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"{tracker.HttpBase}/api/streams/demo/tree"), cancellationToken);
        return new ObservedTree(response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : "{}");
    }

    public bool Contains(string id) => _nodes.ContainsKey(id);

    public bool IsAttached(string id) => _nodes.TryGetValue(id, out var n) && n.State == "attached";

    /// <summary>Ids from the root down to <paramref name="id"/>.</summary>
    public IReadOnlyList<string> PathTo(string id)
    {
        var path = new List<string>();
        for (string? at = id; at is not null && _nodes.TryGetValue(at, out var n) && path.Count <= _nodes.Count; at = n.Parent)
        {
            path.Insert(0, at);
        }

        return path;
    }

    /// <summary>Relays between the root and <paramref name="id"/> (exclusive), topmost first.</summary>
    public IReadOnlyList<string> RelayAncestors(string id) =>
        PathTo(id).Where(p => p != id && _nodes[p].Role == "relay").ToArray();

    /// <summary>The attached relay deepest in the tree.</summary>
    public string Deepest() => _nodes.Where(n => n.Value.Role == "relay").OrderByDescending(n => PathTo(n.Key).Count).First().Key;
}
