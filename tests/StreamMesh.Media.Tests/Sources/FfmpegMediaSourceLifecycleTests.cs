using System.Text.RegularExpressions;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

[Collection(FfmpegCollection.Name)]
public sealed partial class FfmpegMediaSourceLifecycleTests
{
    private static readonly MediaSourceOptions SmallTestPattern = new() { Uri = "testsrc", Width = 320, Height = 240, VideoBitrateKbps = 500 };

    [Fact]
    public async Task DisposeAsync_RunningSource_KillsFfmpegAndCompletesChannels()
    {
        var source = new FfmpegMediaSource(SmallTestPattern);
        await source.StartAsync(CancellationToken.None);
        var marker = ProgressSocket().Match(source.Arguments!).Value;
        var processes = FfmpegProcesses.WithArgument(marker);
        Assert.Single(processes);
        Assert.True(FfmpegProcesses.IsAlive(processes[0]));

        await source.DisposeAsync();

        Assert.False(FfmpegProcesses.IsAlive(processes[0]), "ffmpeg still runs after DisposeAsync");
        Assert.Equal(MediaSourceState.Stopped, source.State);
        Assert.True(source.VideoFrames.Completion.IsCompletedSuccessfully);
        Assert.True(source.AudioFrames.Completion.IsCompletedSuccessfully);
        Assert.True(source.Completion.IsCompleted);
        Assert.False(File.Exists(marker[(marker.IndexOf('/', StringComparison.Ordinal))..]), "progress socket left behind");
    }

    [Fact]
    public async Task State_FfmpegKilledWhileRunning_FailsWithProcessFailedAndFaultsChannels()
    {
        await using var source = new FfmpegMediaSource(SmallTestPattern);
        var failed = new TaskCompletionSource<MediaSourceStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.StateChanged += (_, e) => { if (e.Current == MediaSourceState.Failed) { failed.TrySetResult(e); } };
        await source.StartAsync(CancellationToken.None);
        var id = Assert.Single(FfmpegProcesses.WithArgument(ProgressSocket().Match(source.Arguments!).Value));

        // The source started this ffmpeg; killing it stands in for a crash.
        using (var ffmpeg = System.Diagnostics.Process.GetProcessById(id))
        {
            ffmpeg.Kill();
        }

        var change = await failed.Task.WaitAsync(FrameLog.ReadTimeout);
        Assert.Equal(MediaSourceError.ProcessFailed, change.Error!.Reason);
        Assert.Contains("exited with code", change.Error.Message, StringComparison.Ordinal);
        Assert.Equal(MediaSourceState.Failed, source.State);
        var drained = await FrameLog.ReadVideoAsync(source, int.MaxValue).ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default);
        Assert.Same(change.Error, drained);
    }

    [Fact]
    public async Task StartAsync_RunningSource_RaisesStartingThenRunningAndReportsProgress()
    {
        var transitions = new List<(MediaSourceState, MediaSourceState)>();
        await using var source = new FfmpegMediaSource(SmallTestPattern);
        source.StateChanged += (_, e) => { lock (transitions) { transitions.Add((e.Previous, e.Current)); } };

        await source.StartAsync(CancellationToken.None);

        // ffmpeg reports progress once a second (-stats_period 1); read frames until a report arrived.
        var frames = 0;
        await foreach (var frame in source.VideoFrames.ReadAllAsync(new CancellationTokenSource(FrameLog.ReadTimeout).Token))
        {
            frame.Dispose();
            if (++frames >= 60 && source.Progress is not null)
            {
                break;
            }
        }

        Assert.Equal([(MediaSourceState.Created, MediaSourceState.Starting), (MediaSourceState.Starting, MediaSourceState.Running)], transitions);
        Assert.NotNull(source.Progress);
        Assert.True(source.Progress.Frame > 0);
        Assert.Null(source.LastError);
        Assert.Contains("-c:v libx264", source.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Twice_ThrowsInvalidOperation()
    {
        await using var source = new FfmpegMediaSource(SmallTestPattern);
        await source.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => source.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_Cancelled_StopsAndThrowsOperationCanceled()
    {
        await using var source = new FfmpegMediaSource(SmallTestPattern);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.StartAsync(cancellation.Token));

        Assert.Equal(MediaSourceState.Stopped, source.State);
    }

    [Fact]
    public async Task StartAsync_FfmpegMissing_ThrowsBinaryMissingNamingThePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "no-ffmpeg-" + Guid.NewGuid().ToString("N"));
        await using var source = new FfmpegMediaSource(SmallTestPattern with { FfmpegBinaryFolder = folder });

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.BinaryMissing, exception.Reason);
        Assert.Contains(Path.Combine(folder, "ffmpeg"), exception.Message, StringComparison.Ordinal);
        Assert.Contains("'testsrc'", exception.Message, StringComparison.Ordinal);
        Assert.Equal(MediaSourceState.Failed, source.State);
    }

    [Fact]
    public async Task StartAsync_UnreachableRtmpServer_ThrowsCannotOpenInputNamingTheSource()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var uri = $"rtmp://127.0.0.1:{port}/live/key";
        await using var source = new FfmpegMediaSource(SmallTestPattern with { Uri = uri });

        var exception = await Assert.ThrowsAsync<MediaSourceException>(() => source.StartAsync(CancellationToken.None));

        Assert.Equal(MediaSourceError.CannotOpenInput, exception.Reason);
        Assert.Contains($"'{uri}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_StopsWithoutError()
    {
        var source = new FfmpegMediaSource(SmallTestPattern);

        await source.DisposeAsync();

        Assert.Equal(MediaSourceState.Stopped, source.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => source.StartAsync(CancellationToken.None));
    }

    [GeneratedRegex("unix:[^\"]*streammesh-progress-[0-9a-f]{32}\\.sock")]
    private static partial Regex ProgressSocket();
}
