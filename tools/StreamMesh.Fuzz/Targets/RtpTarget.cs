using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Fuzz.Targets;

/// <summary>RTP (RFC 3550 §5.1) and header extensions (RFC 8285), including the typed extension readers and the in-place rewriter.</summary>
public sealed class RtpTarget : FuzzTarget
{
    private readonly byte[] _scratch = new byte[2048];

    public override string Name => "rtp";

    public override string Description => "RtpPacket/RtpHeader.TryParse, RtpHeaderExtensions, typed extensions, RtpHeaderRewriter";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) => RtpSeedGenerator.Create(seed, 1000);

    public override long AllocationBound(int inputLength) => 0;

    public override int Execute(ReadOnlySpan<byte> input)
    {
        int outcome = RtpHeader.TryParse(input, out RtpHeader header) ? 1 : 0;
        if (!RtpPacket.TryParse(input, out RtpPacket packet))
        {
            return outcome;
        }

        outcome |= 4;
        header = packet.Header;
        for (int i = 0; i < header.CsrcCount; i++)
        {
            _ = header.GetCsrc(i);
        }

        RtpHeaderExtensions extensions = header.Extensions;
        outcome |= (int)extensions.Form << 3;
        outcome |= extensions.IsWellFormed() ? 1 << 5 : 0;
        int elements = 0;
        RtpHeaderExtensions.Enumerator enumerator = extensions.GetEnumerator();
        while (enumerator.MoveNext())
        {
            elements++;
            _ = enumerator.Current.Value.Length;
        }

        outcome |= Math.Min(elements, 15) << 6;
        outcome |= enumerator.Overran ? 1 << 10 : 0;
        if (header.TryGetExtension(RtpSeedGenerator.MidId, out ReadOnlySpan<byte> value))
        {
            outcome |= SdesMidExtension.TryRead(value, out _) ? 1 << 11 : 0;
        }

        if (header.TryGetExtension(RtpSeedGenerator.AbsSendTimeId, out value))
        {
            outcome |= AbsSendTimeExtension.TryRead(value, out _) ? 1 << 12 : 0;
        }

        if (header.TryGetExtension(RtpSeedGenerator.TransportSequenceId, out value))
        {
            outcome |= TransportSequenceNumberExtension.TryRead(value, out _) ? 1 << 13 : 0;
        }

        if (header.TryGetExtension(RtpSeedGenerator.AbsCaptureTimeId, out value))
        {
            outcome |= AbsCaptureTimeExtension.TryRead(value, out NtpTimestamp _, out long? _) ? 1 << 14 : 0;
        }

        // Writing a parsed packet back must reproduce it: the forwarding path rewrites headers in place
        // and relies on the parsed lengths (padding bytes other than the count are written as zeros).
        int written = packet.WriteTo(_scratch);
        int compare = written - packet.PaddingLength;
        if (written != input.Length || !_scratch.AsSpan(0, compare).SequenceEqual(input[..compare]))
        {
            throw new InvalidOperationException($"Parsed packet of {input.Length} bytes writes back as {written} different bytes.");
        }

        // The rewriter works on a mutable copy, as the forwarding path does.
        Span<byte> copy = _scratch.AsSpan(0, input.Length);
        input.CopyTo(copy);
        outcome |= RtpHeaderRewriter.TryGetExtensionValue(copy, RtpSeedGenerator.TransportSequenceId, out Span<byte> slot) ? 1 << 15 : 0;
        slot.Clear();
        return outcome;
    }
}
