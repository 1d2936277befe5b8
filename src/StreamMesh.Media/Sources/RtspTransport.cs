namespace StreamMesh.Media.Sources;

/// <summary>How RTP is carried from an RTSP server (ffmpeg's -rtsp_transport).</summary>
public enum RtspTransport
{
    /// <summary>Interleaved in the RTSP TCP connection (RFC 2326 §10.12): works through NAT and firewalls, never loses packets.</summary>
    Tcp,

    /// <summary>Separate UDP ports per stream: lowest latency, but losses show as artefacts and NAT may block it.</summary>
    Udp,
}
