namespace StreamMesh.Rtc.Net;

/// <summary>
/// Classifies datagrams that share one UDP 5-tuple, as RFC 7983 §7 prescribes for STUN, DTLS and
/// SRTP/SRTCP, and tells RTCP from RTP with the RFC 5761 §4 packet-type rule.
/// </summary>
public static class DatagramClassifier
{
    /// <summary>Classifies one datagram; never throws.</summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return DatagramKind.Stun;
        }

        if (first is >= 20 and <= 63)
        {
            return DatagramKind.Dtls;
        }

        if (first is >= 128 and <= 191)
        {
            return IsRtcpPacketType(datagram) ? DatagramKind.Rtcp : DatagramKind.Rtp;
        }

        return DatagramKind.Unknown;
    }

    /// <summary>
    /// RFC 5761 §4: with RTP and RTCP on one port, a second byte of 192–223 is an RTCP packet type
    /// (SR 200, RR 201, …); RTP payload types 64–95 are avoided so that, with the marker bit, they
    /// never land there.
    /// </summary>
    public static bool IsRtcpPacketType(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
