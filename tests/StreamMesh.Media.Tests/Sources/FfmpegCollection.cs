namespace StreamMesh.Media.Tests.Sources;

/// <summary>
/// Tests that run real ffmpeg processes at real time share this collection so they run one after another:
/// on a 2-core machine, parallel encoders would starve each other and break the real-time assertions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FfmpegCollection : ICollectionFixture<MediaFilesFixture>
{
    public const string Name = "ffmpeg";
}
