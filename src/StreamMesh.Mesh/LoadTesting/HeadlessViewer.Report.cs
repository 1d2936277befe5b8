namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Point-in-time reports of a viewer.</summary>
public sealed partial class HeadlessViewer
{
    /// <summary>The local UDP port of this viewer's own socket, once connecting started.</summary>
    public int? LocalPort => _endpoint?.Mux.LocalEndPoint.Port;

    /// <summary>A copy of everything measured so far; safe from any thread.</summary>
    /// <param name="socketDrops">Kernel drops by local port (<see cref="UdpSocketDrops.ReadByLocalPort"/>), if known.</param>
    public ViewerReport CreateReport(IReadOnlyDictionary<int, long>? socketDrops = null)
    {
        var streams = new List<ReceivedStreamReport>(3);
        long lost = 0;
        long expected = 0;
        long bytes = 0;
        long videoPackets = 0;
        long audioPackets = 0;
        var earlier = EarlierStreams;
        foreach (var stream in new[] { Video, VideoRetransmission, Audio })
        {
            if (stream is not null)
            {
                streams.Add(stream.CreateReport());
            }
        }

        foreach (var report in earlier.Concat(streams))
        {
            lost += report.Lost;
            expected += report.Expected;
            bytes += report.Bytes;
            if (!report.IsRetransmission)
            {
                if (report.Kind == "video")
                {
                    videoPackets += report.Packets;
                }
                else
                {
                    audioPackets += report.Packets;
                }
            }
        }

        streams.InsertRange(0, earlier);

        return new ViewerReport(
            Index,
            State.ToString().ToLowerInvariant(),
            FailureReason,
            ConnectTime?.TotalMilliseconds,
            streams,
            videoPackets,
            audioPackets,
            bytes,
            lost,
            expected,
            LongestVideoGap.TotalMilliseconds,
            _videoLatency.Summarize(),
            _audioLatency.Summarize(),
            NacksSent,
            PictureLossIndicationsSent,
            ReceiverReportsSent,
            SenderReportsReceived,
            MalformedPackets,
            _connection?.SrtpDropped ?? 0,
            LocalPort is { } port && socketDrops is not null ? socketDrops.GetValueOrDefault(port) : 0,
            ParentId,
            ReattachTimesMs,
            GapEventsMs,
            _connection?.RtpUnverified ?? 0);
    }
}
