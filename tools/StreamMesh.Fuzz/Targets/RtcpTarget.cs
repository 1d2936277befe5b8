using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// RTCP: the compound reader (RFC 3550 §6.1) and, for each packet it yields, the matching TryParse and
/// every list it exposes; every packet type's TryParse is also fed the raw input directly, so each
/// parser sees headers the classifier would never route to it.
/// </summary>
public sealed class RtcpTarget : FuzzTarget
{
    private readonly byte[] _scratch = new byte[64 * 1024];

    public override string Name => "rtcp";

    public override string Description => "RtcpCompoundReader + SR/RR/SDES/BYE/NACK/PLI/FIR/REMB/TWCC TryParse and enumerators";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) => RtcpSeedGenerator.Create(seed, 1000);

    public override long AllocationBound(int inputLength) => 0;

    public override int Execute(ReadOnlySpan<byte> input)
    {
        int outcome = 0;
        var reader = new RtcpCompoundReader(input);
        int packets = 0;
        while (reader.TryReadNext(out RtcpPacketView view))
        {
            packets++;
            outcome |= 1 << ((int)view.Kind & 15);
            outcome |= ParseKind(view.Kind, view.Data) ? 1 << 16 : 1 << 17;
            outcome |= RoundTripEveryType(view.Data, _scratch) != 0 ? 1 << 31 : 0;
        }

        outcome |= reader.IsMalformed ? 1 << 18 : 0;
        outcome |= Math.Min(packets, 7) << 19;
        outcome |= ParseEveryType(input) << 22;
        return outcome;
    }

    private static bool ParseKind(RtcpPacketKind kind, ReadOnlySpan<byte> data) => kind switch
    {
        RtcpPacketKind.SenderReport => SenderReportOk(data),
        RtcpPacketKind.ReceiverReport => ReceiverReportOk(data),
        RtcpPacketKind.SourceDescription => SourceDescriptionOk(data),
        RtcpPacketKind.Goodbye => GoodbyeOk(data),
        RtcpPacketKind.GenericNack => GenericNackOk(data),
        RtcpPacketKind.TransportWideFeedback => TransportWideOk(data),
        RtcpPacketKind.PictureLossIndication => PictureLossIndication.TryParse(data, out _),
        RtcpPacketKind.FullIntraRequest => FullIntraRequestOk(data),
        RtcpPacketKind.ReceiverEstimatedMaxBitrate => RembOk(data),
        _ => RtcpHeader.TryParse(data, out _),
    };

    private static int RoundTripEveryType(ReadOnlySpan<byte> data, Span<byte> scratch) =>
        (RoundTrips<SenderReport>(data, scratch) ? 1 : 0)
        | (RoundTrips<ReceiverReport>(data, scratch) ? 2 : 0)
        | (RoundTrips<SourceDescription>(data, scratch) ? 4 : 0)
        | (RoundTrips<Goodbye>(data, scratch) ? 8 : 0)
        | (RoundTrips<GenericNack>(data, scratch) ? 16 : 0)
        | (RoundTrips<TransportWideFeedback>(data, scratch) ? 32 : 0)
        | (RoundTrips<PictureLossIndication>(data, scratch) ? 64 : 0)
        | (RoundTrips<FullIntraRequest>(data, scratch) ? 128 : 0)
        | (RoundTrips<ReceiverEstimatedMaxBitrate>(data, scratch) ? 256 : 0);

    // A relay rewrites and re-sends feedback: whatever we accept must write out at its stated length
    // and parse back to the same length.
    private static bool RoundTrips<T>(ReadOnlySpan<byte> data, Span<byte> scratch)
        where T : IRtcpPacket<T>, allows ref struct
    {
        if (!T.TryParse(data, out T packet))
        {
            return false;
        }

        int length = packet.Length;
        if (length > scratch.Length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} parsed from {data.Length} bytes claims {length} bytes.");
        }

        int written = packet.WriteTo(scratch);
        if (written != length || !T.TryParse(scratch[..written], out T again) || again.Length != length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} parsed from {data.Length} bytes writes {written} of {length} bytes that do not parse back alike.");
        }

        return true;
    }

    private static int ParseEveryType(ReadOnlySpan<byte> data) =>
        (SenderReportOk(data) ? 1 : 0)
        | (ReceiverReportOk(data) ? 2 : 0)
        | (SourceDescriptionOk(data) ? 4 : 0)
        | (GoodbyeOk(data) ? 8 : 0)
        | (GenericNackOk(data) ? 16 : 0)
        | (TransportWideOk(data) ? 32 : 0)
        | (PictureLossIndication.TryParse(data, out _) ? 64 : 0)
        | (FullIntraRequestOk(data) ? 128 : 0)
        | (RembOk(data) ? 256 : 0);

    private static bool SenderReportOk(ReadOnlySpan<byte> data)
    {
        if (!SenderReport.TryParse(data, out SenderReport report))
        {
            return false;
        }

        foreach (ReportBlock block in report.ReportBlocks)
        {
            _ = block.CumulativeLost;
        }

        return report.Length > 0;
    }

    private static bool ReceiverReportOk(ReadOnlySpan<byte> data)
    {
        if (!ReceiverReport.TryParse(data, out ReceiverReport report))
        {
            return false;
        }

        foreach (ReportBlock block in report.ReportBlocks)
        {
            _ = block.Jitter;
        }

        return report.Length > 0;
    }

    private static bool SourceDescriptionOk(ReadOnlySpan<byte> data)
    {
        if (!SourceDescription.TryParse(data, out SourceDescription description))
        {
            return false;
        }

        foreach (SdesChunk chunk in description)
        {
            foreach (SdesItem item in chunk)
            {
                _ = item.Value.Length;
            }

            _ = description.TryGetCname(chunk.Ssrc, out _);
            _ = chunk.Cname;
        }

        return description.Length > 0;
    }

    private static bool GoodbyeOk(ReadOnlySpan<byte> data)
    {
        if (!Goodbye.TryParse(data, out Goodbye bye))
        {
            return false;
        }

        foreach (uint ssrc in bye.Sources)
        {
            _ = bye.Sources.Contains(ssrc);
        }

        return bye.Length > 0;
    }

    private static bool GenericNackOk(ReadOnlySpan<byte> data)
    {
        if (!GenericNack.TryParse(data, out GenericNack nack))
        {
            return false;
        }

        foreach (ushort lost in nack.LostSequenceNumbers)
        {
            _ = lost;
        }

        return nack.Length > 0;
    }

    private static bool TransportWideOk(ReadOnlySpan<byte> data)
    {
        if (!TransportWideFeedback.TryParse(data, out TransportWideFeedback feedback))
        {
            return false;
        }

        foreach (TransportWidePacketStatus status in feedback)
        {
            _ = status.DeltaTicks;
        }

        return feedback.Length > 0;
    }

    private static bool FullIntraRequestOk(ReadOnlySpan<byte> data)
    {
        if (!FullIntraRequest.TryParse(data, out FullIntraRequest fir))
        {
            return false;
        }

        foreach (FullIntraRequestEntry entry in fir.Entries)
        {
            _ = fir.TryGetSequenceNumber(entry.Ssrc, out _);
        }

        return fir.Length > 0;
    }

    private static bool RembOk(ReadOnlySpan<byte> data)
    {
        if (!ReceiverEstimatedMaxBitrate.TryParse(data, out ReceiverEstimatedMaxBitrate remb))
        {
            return false;
        }

        foreach (uint ssrc in remb.Ssrcs)
        {
            _ = ssrc;
        }

        return remb.Bitrate >= 0 && remb.Length > 0;
    }
}
