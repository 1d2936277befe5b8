using Microsoft.Extensions.Logging;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// What a headless viewer run carries from one parent to the next: the recorder, the shared latency
/// histogram, the counters of finished sessions, the watch clock and the freeze tracking.
/// Used by the run's own loop only.
/// </summary>
internal sealed class ViewerRunState
{
    private RecordingSegmentSink? _lastSegment;
    private long _lastFrameAt;

    public MediaRecorder? Recorder { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Counters of every session so far (ended ones, and the current one once it ends).</summary>
    public ViewerSessionSnapshot? Finished { get; private set; }

    public List<string> Parents { get; } = [];

    public int Reattachments { get; set; }

    /// <summary>Timestamp of the first complete video frame of the run; 0 before it.</summary>
    public long WatchStart { get; private set; }

    public DateTimeOffset StartedAt { get; private set; } = DateTimeOffset.MinValue;

    public long LastProgress { get; set; }

    public ViewerSessionSnapshot? PreviousProgress { get; set; }

    public TimeSpan LongestFreeze { get; private set; }

    /// <summary>The first frame of a session: starts the run's clock once; a later one ends the freeze of a parent change.</summary>
    public void StartWatching(TimeProvider time)
    {
        if (WatchStart == 0)
        {
            WatchStart = LastProgress = _lastFrameAt = time.GetTimestamp();
            StartedAt = time.GetUtcNow();
            return;
        }

        OnFrame(time);
    }

    public void OnFrame(TimeProvider time)
    {
        var gap = time.GetElapsedTime(_lastFrameAt);
        if (gap > LongestFreeze && _lastFrameAt != 0)
        {
            LongestFreeze = gap;
        }

        _lastFrameAt = time.GetTimestamp();
    }

    /// <summary>The recording sink for the next session: the recorder itself is created with the first one.</summary>
    public RecordingSegmentSink? NextRecordingSegment(string? path, bool isVp8, TimeProvider time, ILoggerFactory loggers)
    {
        if (path is null)
        {
            return null;
        }

        Recorder ??= new MediaRecorder(path, isVp8, loggers.CreateLogger<MediaRecorder>());
        if (_lastSegment is not { LastVideoTimestamp: >= 0 } last)
        {
            return new RecordingSegmentSink(Recorder, static () => 0, _lastSegment?.Started ?? false);
        }

        // The next parent's first frame lands where the last one ended plus the freeze: the file keeps real time.
        var lastFrameAt = _lastFrameAt;
        return new RecordingSegmentSink(
            Recorder,
            () => last.LastVideoTimestamp + Math.Max((long)(time.GetElapsedTime(lastFrameAt).TotalSeconds * 90_000), 3000),
            last.Started);
    }

    public void EndSegment(ViewerSessionSnapshot snapshot, RecordingSegmentSink? sink)
    {
        Finished = ViewerSnapshotSum.Add(Finished, snapshot);
        if (sink is not null && (sink.LastVideoTimestamp >= 0 || _lastSegment is null))
        {
            _lastSegment = sink;
        }
    }
}
