using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Round-trip time on the sender side from a report block about our stream (RFC 3550 §6.4.1):
/// RTT = A - LSR - DLSR, all in compact 16.16 NTP units, where A is when the report arrived.
/// </summary>
public static class RtcpRoundTripTime
{
    /// <summary>
    /// Computes the RTT; false when the receiver has not seen an SR from us yet (LSR = 0) or the result
    /// is negative (clock steps or a corrupt block).
    /// </summary>
    public static bool TryCompute(ReportBlock block, NtpTimestamp arrivalTime, out TimeSpan roundTripTime)
    {
        roundTripTime = TimeSpan.Zero;
        if (block.LastSenderReport == 0)
        {
            return false;
        }

        uint rtt = unchecked(arrivalTime.Middle32 - block.LastSenderReport - block.DelaySinceLastSenderReport);
        if (rtt >= 0x8000_0000u)
        {
            return false;
        }

        roundTripTime = NtpTimestamp.CompactToTimeSpan(rtt);
        return true;
    }
}
