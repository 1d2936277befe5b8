namespace StreamMesh.Rtc.Srtp;

/// <summary>Outcome of protecting or unprotecting one SRTP/SRTCP packet. Only <see cref="Ok"/> leaves usable output.</summary>
public enum SrtpResult
{
    /// <summary>The packet was protected or authenticated and decrypted.</summary>
    Ok = 0,

    /// <summary>The authentication tag did not verify (RFC 3711 §3.3 step 7); nothing was committed.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received inside the replay window (RFC 3711 §3.3.2).</summary>
    ReplayDetected,

    /// <summary>The packet index lies behind the replay window, so it cannot be told apart from a replay (RFC 3711 §3.3.2).</summary>
    TooOld,

    /// <summary>The bytes are not a well-formed RTP/RTCP (or SRTP/SRTCP) packet.</summary>
    Malformed,

    /// <summary>The caller's buffer has no room for the authentication tag and trailer.</summary>
    BufferTooSmall,

    /// <summary>The context already tracks <see cref="SrtpContext.MaxStreams"/> SSRCs; the new one was refused.</summary>
    StreamLimitReached,

    /// <summary>The SRTP (2^48) or SRTCP (2^31) index space is used up; the session must be re-keyed (RFC 3711 §9.2).</summary>
    IndexExhausted,
}
