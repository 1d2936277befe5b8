using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tree;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Node.Hosting;

/// <summary><c>GET /metrics</c>: the node's counters in Prometheus text format.</summary>
internal static class NodeMetrics
{
    public static string Render(WebRtcEndpoint endpoint, WhepSessionRegistry sessions, StreamRegistry streams, TreeMembership tree, LimitCounters? limits = null, TrackerService? tracker = null)
    {
        var udp = endpoint.Mux.Counters;
        var text = new PrometheusText()
            .Counter("streammesh_udp_datagrams_received_total", "Datagrams received on the WebRTC socket.", udp.DatagramsReceived)
            .Counter("streammesh_udp_datagrams_sent_total", "Datagrams sent on the WebRTC socket.", udp.DatagramsSent)
            .Counter("streammesh_udp_bytes_sent_total", "Bytes sent on the WebRTC socket.", udp.BytesSent)
            .Family("streammesh_udp_datagrams_dropped_total", "counter", "Datagrams dropped on the WebRTC socket, by reason.",
            [
                ("reason=\"malformed\"", udp.DroppedMalformed),
                ("reason=\"unroutable\"", udp.DroppedUnroutable),
                ("reason=\"unauthenticated\"", udp.DroppedUnauthenticated),
                ("reason=\"injected_loss\"", udp.DroppedByOutboundLoss + udp.DroppedByInboundLoss),
            ])
            .Gauge("streammesh_whep_sessions", "WHEP viewer sessions open now.", sessions.Count)
            .Counter("streammesh_whep_sessions_created_total", "WHEP sessions created.", sessions.Created)
            .Counter("streammesh_whep_offers_refused_total", "WHEP offers refused with a 4xx (malformed or unacceptable SDP).", sessions.Refused)
            .Counter("streammesh_whep_tickets_refused_total", "WHEP offers refused for a missing, forged, expired or reused tracker ticket.", tree.TicketsRefused)
            .Counter("streammesh_whep_sessions_failed_total", "WHEP sessions ended by ICE or DTLS failure (e.g. fingerprint mismatch).", sessions.Failed)
            .Counter("streammesh_srtp_packets_dropped_total", "Inbound SRTP/SRTCP packets dropped (authentication, replay, malformed).", sessions.Sessions.Sum(s => s.Connection.SrtpDropped))
            .Counter("streammesh_rtx_packets_sent_total", "Retransmissions sent in answer to NACKs.", sessions.Sessions.Sum(s => s.RetransmissionsSent))
            .Family("streammesh_tree_upstream_handshakes_total", "counter", "ICE/DTLS handshakes toward a parent or a warm standby backup.",
            [
                ("purpose=\"parent\"", tree.Upstream.ParentHandshakes),
                ("purpose=\"standby\"", tree.Upstream.StandbyHandshakes),
            ])
            .Counter("streammesh_tree_standby_promotions_total", "Parent switches onto a connected warm standby (no handshake).", tree.Upstream.StandbyPromotions)
            .Family("streammesh_tree_standby_sessions", "gauge", "Warm standby sessions held now, per stream and backup.", tree.Upstream.Standbys.Select(s => ($"stream=\"{s.Key}\",backup=\"{s.Value}\"", 1.0)))
            .Family("streammesh_stream_subscribers", "gauge", "Subscribers per stream.", streams.All.Select(s => ($"stream=\"{s.Name}\"", (double)s.SubscriberCount)))
            .Family("streammesh_stream_keyframe_requests_total", "counter", "PLI/FIR received per stream.", streams.All.Select(s => ($"stream=\"{s.Name}\"", (double)s.KeyframeRequests)));
        if (limits is not null)
        {
            text.AppendSecurity(limits, tracker);
        }

        return text.ToString();
    }
}
