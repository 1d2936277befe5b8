namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Folds viewer reports and their histograms into a <see cref="LoadSummary"/>.</summary>
public static class LoadSummaryBuilder
{
    /// <summary>Totals of packets and bytes received by <paramref name="viewers"/> so far (RTX included).</summary>
    public static (long Packets, long Bytes) CountTraffic(IReadOnlyList<HeadlessViewer> viewers)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        long packets = 0;
        long bytes = 0;
        foreach (var viewer in viewers)
        {
            // Streams of parents left behind (relay tree) still count.
            packets += viewer.EarlierPackets;
            bytes += viewer.EarlierBytes;
            foreach (var stream in new[] { viewer.Video, viewer.VideoRetransmission, viewer.Audio })
            {
                if (stream is not null)
                {
                    packets += stream.Packets;
                    bytes += stream.Bytes;
                }
            }
        }

        return (packets, bytes);
    }

    /// <summary>Merges the latency histograms of every viewer.</summary>
    public static (DurationHistogram Video, DurationHistogram Audio) MergeLatency(IReadOnlyList<HeadlessViewer> viewers)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        var video = new DurationHistogram();
        var audio = new DurationHistogram();
        foreach (var viewer in viewers)
        {
            video.Add(viewer.VideoLatency);
            audio.Add(viewer.AudioLatency);
        }

        return (video, audio);
    }

    /// <param name="viewers">Every viewer of the run (for the latency histograms).</param>
    /// <param name="reports">Their reports, taken at the end of the hold window.</param>
    /// <param name="holdSeconds">Length of the hold window.</param>
    /// <param name="holdPackets">Packets received during the hold window.</param>
    /// <param name="holdBytes">Bytes received during the hold window.</param>
    public static LoadSummary Build(IReadOnlyList<HeadlessViewer> viewers, IReadOnlyList<ViewerReport> reports, double holdSeconds, long holdPackets, long holdBytes)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        ArgumentNullException.ThrowIfNull(reports);
        var connectTimes = new DurationHistogram();
        var gaps = new DurationHistogram();
        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int connected = 0;
        int failed = 0;
        int withBoth = 0;
        long packets = 0;
        long bytes = 0;
        long lost = 0;
        long expected = 0;
        long nacks = 0;
        long plis = 0;
        long repaired = 0;
        long socketDrops = 0;
        long srtpDropped = 0;
        long unverified = 0;
        foreach (var report in reports)
        {
            if (report.ConnectMs is { } connectMs)
            {
                connected++;
                connectTimes.Record(TimeSpan.FromMilliseconds(connectMs));
                gaps.Record(TimeSpan.FromMilliseconds(report.LongestVideoGapMs));
            }

            if (report.FailureReason is { } reason)
            {
                failed++;
                failures[reason] = failures.GetValueOrDefault(reason) + 1;
            }

            if (report.VideoPackets > 0 && report.AudioPackets > 0)
            {
                withBoth++;
            }

            foreach (var stream in report.Streams)
            {
                packets += stream.Packets;
                repaired += stream.Retransmissions;
            }

            bytes += report.Bytes;
            lost += report.Lost;
            expected += report.Expected;
            nacks += report.NacksSent;
            socketDrops += report.ReceiveBufferDrops;
            srtpDropped += report.SrtpDropped;
            unverified += report.RtpUnverified;
            plis += report.PictureLossIndicationsSent;
        }

        var (video, audio) = MergeLatency(viewers);
        return new LoadSummary(
            reports.Count,
            connected,
            failed,
            withBoth,
            connectTimes.Summarize(),
            holdSeconds,
            packets,
            bytes,
            holdSeconds > 0 ? holdPackets / holdSeconds : 0,
            holdSeconds > 0 ? holdBytes * 8 / holdSeconds / 1e6 : 0,
            lost,
            expected,
            expected > 0 ? (double)lost / expected : 0,
            nacks,
            plis,
            repaired,
            socketDrops,
            video.Summarize(),
            audio.Summarize(),
            gaps.Summarize(),
            failures,
            srtpDropped,
            unverified);
    }
}
