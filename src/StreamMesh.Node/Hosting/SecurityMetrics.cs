using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker;

namespace StreamMesh.Node.Hosting;

/// <summary>The limit and access counters in /metrics (every node; the tracker's access decisions where a tracker runs).</summary>
internal static class SecurityMetrics
{
    public static PrometheusText AppendSecurity(this PrometheusText text, LimitCounters limits, TrackerService? tracker)
    {
        text.Family("streammesh_limit_refusals_total", "counter", "Requests refused by a configured limit (docs/security.md), by limit.",
                limits.All().Select(c => ($"limit=\"{c.Label}\"", (double)c.Value)))
            .Family("streammesh_sessions_reaped_total", "counter", "WHEP sessions removed by the handshake or idle timeout, by reason.",
            [
                ("reason=\"handshake_timeout\"", limits.ReapedHandshake),
                ("reason=\"idle_timeout\"", limits.ReapedIdle),
            ]);
        if (tracker is not null)
        {
            TrackerAccessCounters access = tracker.Access.Counters;
            text.Family("streammesh_tracker_viewer_tokens_total", "counter", "Viewer tokens checked at join, by result.",
                [
                    ("result=\"valid\"", access.ViewerTokensAccepted),
                    ("result=\"missing\"", access.ViewerTokenRefusals(ViewerTokenStatus.Missing)),
                    ("result=\"malformed\"", access.ViewerTokenRefusals(ViewerTokenStatus.Malformed)),
                    ("result=\"bad_signature\"", access.ViewerTokenRefusals(ViewerTokenStatus.BadSignature)),
                    ("result=\"expired\"", access.ViewerTokenRefusals(ViewerTokenStatus.Expired)),
                    ("result=\"wrong_stream\"", access.ViewerTokenRefusals(ViewerTokenStatus.WrongStream)),
                    ("result=\"wrong_group\"", access.GroupRefusals),
                    ("result=\"wrong_site\"", access.SiteRefusals),
                ])
                .Family("streammesh_tracker_node_keys_total", "counter", "Relay joins checked against the node keys, by result.",
                [
                    ("result=\"valid\"", access.NodeKeysAccepted),
                    ("result=\"refused\"", access.NodeKeyRefusals),
                ]);
        }

        return text;
    }
}
