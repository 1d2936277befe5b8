namespace StreamMesh.EndToEnd.Tests;

/// <summary>
/// End-to-end tests run one at a time: each starts ffmpeg, a node and Chromium, which is all a
/// 2-core machine can carry with honest timing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
