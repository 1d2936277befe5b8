using StreamMesh.Fuzz.Seeds;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Fuzz.Targets;

/// <summary>Opus RTP depayloading (RFC 7587): one packet per frame, validated against RFC 6716 §3.4.</summary>
public sealed class OpusDepayloaderTarget : DepayloaderTarget
{
    public override string Name => "opus";

    public override string Description => "OpusDepayloader.Push (persistent stream state)";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) =>
        [.. OpusSeeds.Packets().Select((p, i) => Packet(p, marker: i % 7 == 0, nextTimestamp: true))];

    protected override IRtpDepayloader CreateDepayloader() => new OpusDepayloader();
}
