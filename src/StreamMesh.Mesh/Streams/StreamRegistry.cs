using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Mesh.Streams;

/// <summary>The live streams this node serves, by name.</summary>
public sealed class StreamRegistry
{
    private readonly ConcurrentDictionary<string, LiveStream> _streams = new(StringComparer.Ordinal);

    /// <summary>True when at least one stream can give a new viewer a picture.</summary>
    public bool IsServing => _streams.Values.Any(s => s.HasKeyframe);

    public IEnumerable<LiveStream> All => _streams.Values;

    public bool TryGet(string name, [NotNullWhen(true)] out LiveStream? stream) => _streams.TryGetValue(name, out stream);

    public void Add(LiveStream stream)
    {
        if (!_streams.TryAdd(stream.Name, stream))
        {
            throw new InvalidOperationException($"stream '{stream.Name}' is already served by this node");
        }
    }

    public bool Remove(string name) => _streams.TryRemove(name, out _);
}
