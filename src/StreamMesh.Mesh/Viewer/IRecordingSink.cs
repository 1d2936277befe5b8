namespace StreamMesh.Mesh.Viewer;

/// <summary>Where a <see cref="RecordingTimeline"/> writes: a video stream with timestamps and a timestamp-less PCM stream.</summary>
public interface IRecordingSink
{
    /// <summary>Stereo samples per channel written so far (decoded audio and silence).</summary>
    long AudioSamples { get; }

    /// <summary>Called once, at the first keyframe.</summary>
    void Start();

    void WriteVideo(ReadOnlySpan<byte> frame, long timestamp90kHz);

    void WriteAudio(ReadOnlySpan<short> interleaved);

    void WriteSilence(long samplesPerChannel);
}
