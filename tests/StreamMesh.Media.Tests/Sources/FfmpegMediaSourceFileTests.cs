using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

[Collection(FfmpegCollection.Name)]
public sealed class FfmpegMediaSourceFileTests(MediaFilesFixture files)
{
    [Fact]
    public async Task VideoFrames_TwoSecondFileLooped_KeepFlowingPastThreeSecondsWithMonotonicTimestamps()
    {
        // VP8, because its timestamps are ffmpeg's output pts (from IVF) rather than a frame count, so a
        // timestamp reset at the loop point would show.
        var options = new MediaSourceOptions
        {
            Uri = files.TwoSecondMp4, Loop = true, VideoCodec = SourceVideoCodec.VP8, Width = 320, Height = 240, VideoBitrateKbps = 500,
        };
        await using var source = new FfmpegMediaSource(options);
        await source.StartAsync(CancellationToken.None);

        // 105 frames at 30 fps end at 3.47 s: well past the 2 s loop point.
        var videoTask = FrameLog.ReadVideoAsync(source, 105);
        var audioTask = FrameLog.ReadAudioAsync(source, 170);
        var video = await videoTask;
        var audio = await audioTask;

        Assert.Equal(105, video.Count);
        for (var i = 1; i < video.Count; i++)
        {
            Assert.Equal(3000, video[i].Timestamp - video[i - 1].Timestamp);
            Assert.True(video[i].CaptureTime >= video[i - 1].CaptureTime, $"capture time went backwards at frame {i}");
        }

        Assert.True(video[^1].Timestamp >= 3 * EncodedVideoFrame.ClockRate);
        Assert.Contains(video, f => f.IsKeyframe && f.Timestamp >= 2 * EncodedVideoFrame.ClockRate);
        Assert.True((video[^1].CaptureTime - video[0].CaptureTime).TotalSeconds > 2.5, "frames past the loop point came faster than real time");

        Assert.Equal(170, audio.Count);
        Assert.Equal(Enumerable.Range(0, 170).Select(i => i * 960L), audio.Select(f => f.Timestamp));
        Assert.Equal(MediaSourceState.Running, source.State);
    }

    [Fact]
    public async Task VideoFrames_TwoSecondFilePlayedOnce_EndAfterAboutSixtyFramesAndSourceStops()
    {
        var options = new MediaSourceOptions { Uri = "file://" + files.TwoSecondMp4, Width = 320, Height = 240, VideoBitrateKbps = 500 };
        var states = new List<MediaSourceState>();
        await using var source = new FfmpegMediaSource(options);
        source.StateChanged += (_, e) => { lock (states) { states.Add(e.Current); } };
        await source.StartAsync(CancellationToken.None);

        var audioTask = FrameLog.ReadAudioAsync(source, int.MaxValue);
        var video = await FrameLog.ReadVideoAsync(source, int.MaxValue);
        var audio = await audioTask;
        await source.Completion.WaitAsync(FrameLog.ReadTimeout);

        Assert.InRange(video.Count, 58, 62);
        Assert.InRange(audio.Count, 95, 102);
        Assert.Equal(MediaSourceState.Stopped, source.State);
        Assert.Equal([MediaSourceState.Starting, MediaSourceState.Running, MediaSourceState.Stopped], states);
        Assert.True(source.VideoFrames.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AudioFrames_FileWithoutAudio_AreSilentAndEndWithTheVideo()
    {
        var options = new MediaSourceOptions { Uri = files.VideoOnlyMp4, Width = 320, Height = 240, VideoBitrateKbps = 500 };
        await using var source = new FfmpegMediaSource(options);
        await source.StartAsync(CancellationToken.None);

        var videoTask = FrameLog.ReadVideoAsync(source, int.MaxValue);
        var audio = await FrameLog.ReadAudioAsync(source, int.MaxValue);
        var video = await videoTask;

        Assert.InRange(video.Count, 58, 62);
        Assert.InRange(audio.Count, 95, 102);
        Assert.All(audio, f => Assert.All(f.Samples, s => Assert.Equal(0, s)));
    }

    [Fact]
    public async Task StartAsync_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(files.Folder, "no-such-show.mp4");
        await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = path });

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.FileNotFound, exception.Reason);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(MediaSourceState.Failed, source.State);
        Assert.Null(source.Arguments);
    }

    [Fact]
    public async Task StartAsync_AudioOnlyFile_ThrowsNoVideoStreamNamingThePath()
    {
        await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = files.AudioOnlyWav });

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.NoVideoStream, exception.Reason);
        Assert.Contains(files.AudioOnlyWav, exception.Message, StringComparison.Ordinal);
        Assert.Equal(MediaSourceState.Failed, source.State);
        var completed = await Assert.ThrowsAsync<MediaSourceException>(() => source.VideoFrames.Completion);
        Assert.Same(exception, completed);
    }

    [Fact]
    public async Task StartAsync_FileFfprobeCannotRead_ThrowsCannotOpenInputWithFfprobesReason()
    {
        await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = files.GarbageMp4 });

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.CannotOpenInput, exception.Reason);
        Assert.Contains(files.GarbageMp4, exception.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid data", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InputFfmpegCannotOpen_ThrowsCannotOpenInputWithFfmpegsErrorLine()
    {
        // A builder that skips probing, so the failure must come from ffmpeg's own stderr.
        var missing = Path.Combine(files.Folder, "vanished.mp4");
        var builder = new FixedInputBuilder(new FfmpegInputPlan([new FfmpegInput("file:" + missing, ["-re"])], "0:v:0", "0:a:0"));
        await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = "testsrc" }, inputBuilder: builder);

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.CannotOpenInput, exception.Reason);
        Assert.Contains($"{missing}: No such file or directory", exception.Message, StringComparison.Ordinal);
        Assert.Equal($"file:{missing}: No such file or directory", source.LastError);
        Assert.Equal(MediaSourceState.Failed, source.State);
    }

    private sealed class FixedInputBuilder(FfmpegInputPlan plan) : IFfmpegInputBuilder
    {
        public Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFMpegCore.FFOptions ffOptions, CancellationToken cancellationToken)
            => Task.FromResult(plan);
    }
}
