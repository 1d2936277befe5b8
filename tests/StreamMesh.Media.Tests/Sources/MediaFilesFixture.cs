using FFMpegCore;

namespace StreamMesh.Media.Tests.Sources;

/// <summary>Media files made by ffmpeg once per test run in a temporary folder.</summary>
public sealed class MediaFilesFixture : IAsyncLifetime
{
    public static readonly FFOptions FfOptions = new() { BinaryFolder = "/usr/bin" };

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "streammesh-source-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>2 s of 320x240@30 H.264 video with AAC audio.</summary>
    public string TwoSecondMp4 => Path.Combine(Folder, "two-seconds.mp4");

    /// <summary>2 s of 320x240@30 H.264 video without audio.</summary>
    public string VideoOnlyMp4 => Path.Combine(Folder, "video-only.mp4");

    /// <summary>1 s of a 440 Hz tone, no video.</summary>
    public string AudioOnlyWav => Path.Combine(Folder, "audio-only.wav");

    /// <summary>Random bytes with an .mp4 name.</summary>
    public string GarbageMp4 => Path.Combine(Folder, "garbage.mp4");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await FFMpegArguments
            .FromFileInput("testsrc2=size=320x240:rate=30", verifyExists: false, o => o.ForceFormat("lavfi"))
            .AddFileInput("sine=frequency=440:sample_rate=44100", verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(TwoSecondMp4, overwrite: true, o => o.WithCustomArgument("-t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac"))
            .ProcessAsynchronously(throwOnError: true, FfOptions);
        await FFMpegArguments
            .FromFileInput("testsrc2=size=320x240:rate=30", verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(VideoOnlyMp4, overwrite: true, o => o.WithCustomArgument("-t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p"))
            .ProcessAsynchronously(throwOnError: true, FfOptions);
        await FFMpegArguments
            .FromFileInput("sine=frequency=440:sample_rate=48000", verifyExists: false, o => o.ForceFormat("lavfi"))
            .OutputToFile(AudioOnlyWav, overwrite: true, o => o.WithCustomArgument("-t 1 -c:a pcm_s16le"))
            .ProcessAsynchronously(throwOnError: true, FfOptions);
        var garbage = new byte[8192];
        new Random(1234).NextBytes(garbage);
        await File.WriteAllBytesAsync(GarbageMp4, garbage);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
