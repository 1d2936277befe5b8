namespace StreamMesh.Rtc.Net;

/// <summary>What a datagram on the shared socket carries, by the first-byte rules of RFC 7983 §7.</summary>
public enum DatagramKind
{
    /// <summary>Empty or a first byte outside every range we serve (ZRTP 16–19, TURN channels 64–79, …).</summary>
    Unknown = 0,

    /// <summary>STUN, first byte 0–3.</summary>
    Stun,

    /// <summary>DTLS, first byte 20–63.</summary>
    Dtls,

    /// <summary>RTP, first byte 128–191 and a second byte outside 192–223.</summary>
    Rtp,

    /// <summary>RTCP, first byte 128–191 and a second byte (packet type) in 192–223 (RFC 5761 §4).</summary>
    Rtcp,
}
