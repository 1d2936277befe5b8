using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Fuzz.Targets;

/// <summary>Opus packet structure check (RFC 6716 §3.1–§3.4, R1–R7) on raw packets.</summary>
public sealed class OpusInspectorTarget : FuzzTarget
{
    public override string Name => "opus-inspector";

    public override string Description => "OpusPacketInspector.TryInspect";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) => OpusSeeds.Packets();

    public override long AllocationBound(int inputLength) => 0;

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (!OpusPacketInspector.TryInspect(input, out OpusPacketSummary summary))
        {
            return 0;
        }

        // What the decoder is later handed must lie inside the packet and inside RFC 6716's limits.
        if (summary.TotalSamples > OpusPacketInspector.MaxPacketSamples
            || summary.FrameCount is < 1 or > 48
            || summary.FirstFrameOffset < 1
            || summary.FirstFrameLength is < 0 or > OpusPacketInspector.MaxFrameBytes
            || summary.FirstFrameOffset + summary.FirstFrameLength > input.Length)
        {
            throw new InvalidOperationException($"Accepted an impossible packet: {summary}.");
        }

        return 1 | (Math.Min(summary.FrameCount, 63) << 1) | (summary.SamplesPerFrame << 7);
    }
}
