using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Fuzz.Targets;

/// <summary>RTX unwrap (RFC 4588 §4): the OSN is read from the payload and the original packet rebuilt.</summary>
public sealed class RtxTarget : FuzzTarget
{
    private readonly byte[] _destination = new byte[2048];

    public override string Name => "rtx";

    public override string Description => "RtxPacket.TryUnwrap (into a full-size and a short buffer)";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        var seeds = new List<byte[]>();
        foreach (byte[] original in RtpSeedGenerator.Create(seed, 300))
        {
            byte[] wrapped = new byte[RtxPacket.GetWrappedLength(original)];
            if (RtxPacket.TryWrap(original, wrapped, 0xAABBCCDD, 97, 1000, out int written))
            {
                seeds.Add(wrapped[..written]);
            }
        }

        return seeds;
    }

    public override long AllocationBound(int inputLength) => 0;

    public override int Execute(ReadOnlySpan<byte> input)
    {
        int outcome = RtxPacket.TryUnwrap(input, _destination, 0x11223344, 96, out int written) ? 1 : 0;
        if (outcome == 1)
        {
            outcome |= RtpPacket.TryParse(_destination.AsSpan(0, written), out _) ? 2 : 0;
        }

        // A destination that is too short must be refused, not overrun.
        outcome |= RtxPacket.TryUnwrap(input, _destination.AsSpan(0, input.Length / 2), 0x11223344, 96, out _) ? 4 : 0;
        return outcome;
    }
}
