using System.Globalization;
using System.Text;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Prometheus text for the origin's ingest (<c>GET /metrics/ingest</c>): per stream a one-hot state gauge
/// (connecting, live, slate, stopped) the dashboard can show, passthrough, restarts and failures, and the last
/// error as a label of an info gauge.
/// </summary>
public static class IngestMetrics
{
    public static string Render(IEnumerable<StreamIngestStatus> statuses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var list = statuses.ToList();
        var text = new StringBuilder();
        text.Append("# HELP streammesh_ingest_source_state Source state per stream (1 for the current state).\n# TYPE streammesh_ingest_source_state gauge\n");
        foreach (var status in list)
        {
            var current = status.State;
            foreach (var state in Enum.GetValues<IngestState>())
            {
                text.Append(CultureInfo.InvariantCulture, $"streammesh_ingest_source_state{{stream=\"{Escape(status.Stream)}\",state=\"{state.ToString().ToLowerInvariant()}\"}} {(state == current ? 1 : 0)}\n");
            }
        }

        Family(text, list, "streammesh_ingest_passthrough", "gauge", "1 when the live source's video is copied, 0 when transcoded.", s => s.Passthrough ? 1 : 0);
        Family(text, list, "streammesh_ingest_source_restarts_total", "counter", "Times the source went live again after being down.", s => s.Restarts);
        Family(text, list, "streammesh_ingest_source_failures_total", "counter", "Source attempts that failed or ended.", s => s.Failures);
        Family(text, list, "streammesh_ingest_state_age_seconds", "gauge", "Seconds since the state last changed.", s => (long)(now - s.Since).TotalSeconds);
        text.Append("# HELP streammesh_ingest_source_info The source and its last error.\n# TYPE streammesh_ingest_source_info gauge\n");
        foreach (var status in list)
        {
            text.Append(CultureInfo.InvariantCulture, $"streammesh_ingest_source_info{{stream=\"{Escape(status.Stream)}\",source=\"{Escape(status.Source)}\",last_error=\"{Escape(status.LastError ?? string.Empty)}\"}} 1\n");
        }

        return text.ToString();
    }

    private static void Family(StringBuilder text, List<StreamIngestStatus> list, string name, string type, string help, Func<StreamIngestStatus, long> value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        foreach (var status in list)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{stream=\"{Escape(status.Stream)}\"}} {value(status)}\n");
        }
    }

    // Prometheus exposition format: backslash, double quote and newline are escaped in label values.
    private static string Escape(string value)
        => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
