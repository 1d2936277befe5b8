using System.Buffers.Binary;

namespace StreamMesh.Rtc.Srtp;

/// <summary>Just enough RTP/RTCP header parsing for SRTP: where the encrypted part starts, with every length checked.</summary>
internal static class SrtpPacketLayout
{
    public const int RtpFixedHeaderLength = 12;
    public const int RtcpHeaderLength = 8;

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1), which
    /// SRTP leaves in clear (RFC 3711 §3.1). False if the version is not 2 or a length runs past the packet.
    /// </summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> rtp, out int headerLength)
    {
        headerLength = 0;
        if (rtp.Length < RtpFixedHeaderLength || rtp[0] >> 6 != 2)
        {
            return false;
        }

        int length = RtpFixedHeaderLength + (4 * (rtp[0] & 0x0F));
        if ((rtp[0] & 0x10) != 0)
        {
            if (length + 4 > rtp.Length)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(rtp.Slice(length + 2, 2)));
        }

        if (length > rtp.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    /// <summary>
    /// RFC 3550 §5.1: with P set, the last payload octet counts the padding including itself, so it must be
    /// between 1 and the payload length. Checked on the decrypted packet, where the count is readable.
    /// </summary>
    public static bool HasValidPadding(ReadOnlySpan<byte> rtp, int headerLength)
    {
        if ((rtp[0] & 0x20) == 0)
        {
            return true;
        }

        int payloadLength = rtp.Length - headerLength;
        return payloadLength > 0 && rtp[^1] >= 1 && rtp[^1] <= payloadLength;
    }

    /// <summary>
    /// An RTCP packet SRTCP can handle: version 2 and the first header with the sender SSRC present. The
    /// length fields are left to the RTCP parser: SRTCP does not depend on them, and published reference
    /// packets (libsrtp's srtp_validate, RFC 7714 §17) carry lengths that do not match their size.
    /// </summary>
    public static bool IsValidRtcp(ReadOnlySpan<byte> rtcp) => rtcp.Length >= RtcpHeaderLength && rtcp[0] >> 6 == 2;
}
