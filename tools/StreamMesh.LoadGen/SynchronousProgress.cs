using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.LoadGen;

/// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
internal sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
{
    public void Report(LoadProgress value) => report(value);
}
