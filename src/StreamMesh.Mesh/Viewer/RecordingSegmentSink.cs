namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// One parent's share of a recording that outlives parent changes. Each parent's media gets its own
/// <see cref="RecordingTimeline"/> (new SSRCs, sequence and timestamp spaces); this sink shifts that
/// timeline to start where the previous parent's ended plus the time the switch took, so the file
/// shows the freeze the viewer saw, and audio is padded with silence over it.
/// Not thread-safe; the caller serialises access (as for <see cref="RecordingTimeline"/>).
/// </summary>
/// <param name="videoOffset90kHz">Where this segment starts on the file's timeline, asked at its first frame (the switch time is known only then).</param>
public sealed class RecordingSegmentSink(IRecordingSink recorder, Func<long> videoOffset90kHz, bool recorderStarted) : IRecordingSink
{
    private long _videoOffset = -1;
    private long _audioOffset;
    private bool _started = recorderStarted;

    /// <summary>Timestamp (90 kHz, file timeline) of the last video frame written through this sink; -1 before any.</summary>
    public long LastVideoTimestamp { get; private set; } = -1;

    public bool Started => _started;

    /// <summary>Audio written since this segment's start on the file's timeline (negative while the file's audio lags the segment start).</summary>
    public long AudioSamples => recorder.AudioSamples - _audioOffset;

    public void Start()
    {
        if (_videoOffset < 0)
        {
            _videoOffset = videoOffset90kHz();
            _audioOffset = _videoOffset * MediaRecorder.SampleRate / 90_000;
        }

        if (!_started)
        {
            _started = true;
            recorder.Start();
        }
    }

    public void WriteVideo(ReadOnlySpan<byte> frame, long timestamp90kHz)
    {
        if (_videoOffset < 0)
        {
            Start();
        }

        LastVideoTimestamp = _videoOffset + timestamp90kHz;
        recorder.WriteVideo(frame, LastVideoTimestamp);
    }

    public void WriteAudio(ReadOnlySpan<short> interleaved) => recorder.WriteAudio(interleaved);

    public void WriteSilence(long samplesPerChannel) => recorder.WriteSilence(samplesPerChannel);
}
