namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// Per-SSRC cryptographic state of one direction (RFC 3711 §3.2.1): the rollover counter and highest
/// sequence number (kept together as the highest SRTP index), the replay lists, and the SRTCP index.
/// </summary>
internal sealed class SrtpStream
{
    /// <summary>SRTP indexes are 48 bits (RFC 3711 §3.3.1).</summary>
    public const ulong MaxRtpIndex = (1UL << 48) - 1;

    /// <summary>SRTCP indexes are 31 bits (RFC 3711 §3.4).</summary>
    public const uint MaxRtcpIndex = 0x7FFF_FFFF;

    public SrtpStream(uint ssrc) => Ssrc = ssrc;

    public uint Ssrc { get; }

    /// <summary>Highest authenticated (or sent) SRTP index and the replay list behind it.</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>Replay list of received SRTCP indexes.</summary>
    public SrtpReplayWindow Rtcp;

    /// <summary>Index the next protected SRTCP packet carries; starts at zero (RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex;

    /// <summary>
    /// Estimates the 48-bit packet index from a sequence number (RFC 3711 §3.3.1, Appendix A), guessing
    /// the rollover counter against the highest index seen. A stream that has seen nothing starts with
    /// ROC 0 and s_l = SEQ. Returns -1 when the guess would be a negative ROC, i.e. a packet from before
    /// the stream began, and a value above <see cref="MaxRtpIndex"/> when the ROC would overflow.
    /// </summary>
    public static long EstimateIndex(in SrtpReplayWindow window, ushort sequenceNumber)
    {
        if (!window.HasValue)
        {
            return sequenceNumber;
        }

        long roc = (long)(window.Highest >> 16);
        int highestSequence = (int)(window.Highest & 0xFFFF);
        long guessedRoc;
        if (highestSequence < 32768)
        {
            guessedRoc = sequenceNumber - highestSequence > 32768 ? roc - 1 : roc;
        }
        else
        {
            guessedRoc = highestSequence - 32768 > sequenceNumber ? roc + 1 : roc;
        }

        return guessedRoc < 0 ? -1 : (guessedRoc << 16) | sequenceNumber;
    }
}
