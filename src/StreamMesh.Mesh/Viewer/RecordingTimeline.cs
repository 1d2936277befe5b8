namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Lines audio and video up in a recording using RTP timestamps, not arrival times. The recording starts
/// at the first video keyframe (time zero). Video frames are timed by their RTP timestamp distance from
/// that keyframe (90 kHz). Audio is placed once by capture time (abs-capture-time, the clock both tracks
/// share) and from then on by its own RTP timestamps (48 kHz): holes in the timeline (DTX, a lost burst
/// longer than concealment covers) become silence, so the PCM pipe stays sample-exact.
/// Not thread-safe; the caller serialises access.
/// </summary>
public sealed class RecordingTimeline(IRecordingSink recorder)
{
    /// <summary>Timeline differences below this many samples (5 ms) are not worth a silence insert.</summary>
    private const int SilenceThreshold = MediaRecorder.SampleRate / 200;

    /// <summary>The longest silence inserted at once (a bigger jump is a source restart, not a pause).</summary>
    private const int MaxSilence = MediaRecorder.SampleRate * 10;

    private DateTimeOffset _origin;
    private uint _lastVideoRtp;
    private long _videoPosition;
    private bool _audioAnchored;
    private uint _lastAudioRtp;
    private long _audioPosition;

    public bool Started { get; private set; }

    public long VideoFramesSkipped { get; private set; }

    public long AudioPacketsSkipped { get; private set; }

    public long SilenceSamplesInserted { get; private set; }

    public void OnVideoFrame(ReadOnlySpan<byte> frame, uint rtpTimestamp, bool keyframe, DateTimeOffset captureTime)
    {
        if (!Started)
        {
            if (!keyframe)
            {
                VideoFramesSkipped++;
                return;
            }

            Started = true;
            _origin = captureTime;
            _lastVideoRtp = rtpTimestamp;
            _videoPosition = 0;
            recorder.Start();
        }
        else
        {
            // RFC 3550 §5.1: timestamps wrap; the signed 32-bit distance is the true step.
            var step = unchecked((int)(rtpTimestamp - _lastVideoRtp));
            if (step <= 0)
            {
                VideoFramesSkipped++;
                return;
            }

            _videoPosition += step;
            _lastVideoRtp = rtpTimestamp;
        }

        recorder.WriteVideo(frame, _videoPosition);
    }

    /// <param name="interleaved">Decoded (or concealed) stereo samples of one packet.</param>
    public void OnAudio(ReadOnlySpan<short> interleaved, uint rtpTimestamp, DateTimeOffset captureTime)
    {
        if (!Started)
        {
            AudioPacketsSkipped++;
            return;
        }

        if (!_audioAnchored)
        {
            var offset = captureTime - _origin;
            if (offset < TimeSpan.Zero)
            {
                AudioPacketsSkipped++;
                return;
            }

            _audioAnchored = true;
            _audioPosition = (long)Math.Round(offset.TotalSeconds * MediaRecorder.SampleRate);
        }
        else
        {
            _audioPosition += unchecked((int)(rtpTimestamp - _lastAudioRtp));
        }

        _lastAudioRtp = rtpTimestamp;
        var samples = interleaved.Length / MediaRecorder.Channels;
        var ahead = _audioPosition - recorder.AudioSamples;
        if (ahead >= SilenceThreshold)
        {
            var silence = Math.Min(ahead, MaxSilence);
            recorder.WriteSilence(silence);
            SilenceSamplesInserted += silence;
        }
        else if (ahead < -samples / 2)
        {
            // Already covered (the timeline stepped back): writing it would push audio late.
            AudioPacketsSkipped++;
            return;
        }

        recorder.WriteAudio(interleaved);
    }
}
