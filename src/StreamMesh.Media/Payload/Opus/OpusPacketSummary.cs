namespace StreamMesh.Media.Payload.Opus;

/// <summary>What the TOC byte and framing of a valid Opus packet say (RFC 6716 §3).</summary>
/// <param name="Configuration">The TOC config number, 0–31.</param>
/// <param name="Mode">SILK, hybrid or CELT.</param>
/// <param name="Bandwidth">The coded audio bandwidth.</param>
/// <param name="IsStereo">The TOC s bit.</param>
/// <param name="FrameCount">Number of Opus frames in the packet (1–48).</param>
/// <param name="SamplesPerFrame">Duration of one frame in samples at 48 kHz.</param>
/// <param name="FirstFrameOffset">Offset of the first frame's data in the packet.</param>
/// <param name="FirstFrameLength">Length of the first frame's data (0 for a DTX/lost frame).</param>
public readonly record struct OpusPacketSummary(
    int Configuration,
    OpusMode Mode,
    OpusBandwidth Bandwidth,
    bool IsStereo,
    int FrameCount,
    int SamplesPerFrame,
    int FirstFrameOffset,
    int FirstFrameLength)
{
    /// <summary>Duration of the whole packet in samples at 48 kHz — its RTP timestamp increment (RFC 7587 §4.1).</summary>
    public int TotalSamples => FrameCount * SamplesPerFrame;
}
