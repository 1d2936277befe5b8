using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

/// <summary>A recording file that only counts what it is given: starts, video timestamps, audio and silence (in samples per channel).</summary>
internal sealed class RecordingSinkSpy : IRecordingSink
{
    public long AudioSamples { get; private set; }

    /// <summary>Samples per channel written as silence (also counted in <see cref="AudioSamples"/>).</summary>
    public long Silence { get; private set; }

    public int Starts { get; private set; }

    public List<long> VideoTimestamps { get; } = [];

    public void Start() => Starts++;

    public void WriteVideo(ReadOnlySpan<byte> frame, long timestamp90kHz) => VideoTimestamps.Add(timestamp90kHz);

    public void WriteAudio(ReadOnlySpan<short> interleaved) => AudioSamples += interleaved.Length / 2;

    public void WriteSilence(long samplesPerChannel)
    {
        Silence += samplesPerChannel;
        AudioSamples += samplesPerChannel;
    }
}
