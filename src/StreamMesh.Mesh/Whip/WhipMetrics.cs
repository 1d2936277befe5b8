using System.Globalization;
using System.Text;
using StreamMesh.Mesh.Origin;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Whip;

/// <summary>
/// Prometheus text for the WHIP streams of an origin, appended to <c>/metrics/ingest</c>: whether a publisher is
/// connected, how many have published, and the current publisher's packet and keyframe-request counts. The
/// stream's source state (slate while no publisher, live while one is forwarded) is in the ingest state gauge.
/// </summary>
public static class WhipMetrics
{
    public static string Render(IEnumerable<OriginStreamRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var points = new List<WhipIngestPoint>();
        foreach (var runner in runners)
        {
            if (runner.Whip is { } point)
            {
                points.Add(point);
            }
        }

        if (points.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Family(text, points, "streammesh_ingest_whip_publisher_connected", "gauge", "1 while a WHIP publisher is connected to the stream.",
            p => p.Publisher is { Connection.State: PeerConnectionState.Connected } ? 1 : 0);
        Family(text, points, "streammesh_ingest_whip_publishers_total", "counter", "WHIP publishers that connected to the stream.", p => p.PublishersConnected);
        Family(text, points, "streammesh_ingest_whip_packets_received", "gauge", "RTP packets received from the current publisher.", p => p.Publisher?.PacketsReceived ?? 0);
        Family(text, points, "streammesh_ingest_whip_packets_forwarded", "gauge", "RTP packets of the current publisher forwarded to viewers.", p => p.Publisher?.PacketsForwarded ?? 0);
        Family(text, points, "streammesh_ingest_whip_packets_dropped", "gauge", "RTP packets of the current publisher not forwarded (before its first keyframe, padding, unknown payload type).", p => p.Publisher?.PacketsDropped ?? 0);
        Family(text, points, "streammesh_ingest_whip_keyframe_requests", "gauge", "PLIs sent to the current publisher.", p => p.Publisher?.KeyframeRequestsSent ?? 0);
        return text.ToString();
    }

    private static void Family(StringBuilder text, List<WhipIngestPoint> points, string name, string type, string help, Func<WhipIngestPoint, long> value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        foreach (var point in points)
        {
            // Stream names are validated to letters, digits, '-', '_' and '.', so they need no label escaping.
            text.Append(CultureInfo.InvariantCulture, $"{name}{{stream=\"{point.Stream.Name}\"}} {value(point)}\n");
        }
    }
}
