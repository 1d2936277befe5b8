namespace StreamMesh.Mesh.Viewer;

/// <summary>Adds the counters of a run's sessions (one per parent) into one snapshot for the report.</summary>
internal static class ViewerSnapshotSum
{
    /// <summary>Counters add; latency comes from the histogram the sessions share, so the newest session's percentiles are the run's.</summary>
    public static ViewerSessionSnapshot Add(ViewerSessionSnapshot? earlier, ViewerSessionSnapshot later)
    {
        if (earlier is null)
        {
            return later;
        }

        var v = earlier.Video;
        var w = later.Video;
        var a = earlier.Audio;
        var b = later.Audio;
        var maxLatency = earlier.Latency.MaxMilliseconds is { } m1 && later.Latency.MaxMilliseconds is { } m2 ? Math.Max(m1, m2) : earlier.Latency.MaxMilliseconds ?? later.Latency.MaxMilliseconds;
        return new ViewerSessionSnapshot(
            earlier.Bytes + later.Bytes,
            new VideoReport(w.Codec, v.Packets + w.Packets, v.NetworkLost + w.NetworkLost, v.Retransmissions + w.Retransmissions, v.LostAfterRepair + w.LostAfterRepair,
                v.NacksSent + w.NacksSent, v.PlisSent + w.PlisSent, v.Frames + w.Frames, v.Keyframes + w.Keyframes, v.FramesDropped + w.FramesDropped),
            new AudioReport(a.Packets + b.Packets, a.NetworkLost + b.NetworkLost, a.InjectedLost + b.InjectedLost, a.InjectedGaps + b.InjectedGaps, a.Gaps + b.Gaps,
                a.MissingPackets + b.MissingPackets, a.LatePackets + b.LatePackets, a.Discontinuities + b.Discontinuities, a.DecodedFrames + b.DecodedFrames,
                a.ConcealedFrames + b.ConcealedFrames, a.FecRecoveredFrames + b.FecRecoveredFrames, a.MalformedPackets + b.MalformedPackets),
            later.Latency with { MaxMilliseconds = maxLatency },
            later.LastLatencyMilliseconds ?? earlier.LastLatencyMilliseconds,
            earlier.SilenceSamplesInserted + later.SilenceSamplesInserted);
    }
}
