using System.Globalization;

namespace StreamMesh.Mesh.Viewer;

/// <summary>One progress line: what the operator sees every second.</summary>
/// <param name="LossPercent">Packets lost on the wire over the last interval, audio and video, before repair.</param>
/// <param name="LatencyMilliseconds">The latest glass-to-glass latency, when abs-capture-time is present.</param>
public sealed record ViewerProgress(TimeSpan Elapsed, double BitrateKbps, double LossPercent, int? LatencyMilliseconds, long Frames, long AudioGaps, string Parent)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Elapsed:mm\\:ss} | {BitrateKbps,7:0} kbit/s | loss {LossPercent,5:0.0}% | latency {(LatencyMilliseconds is { } l ? l.ToString(CultureInfo.InvariantCulture) + " ms" : "-"),7} | frames {Frames,6} | audio gaps {AudioGaps,4} | parent {Parent}");
}
