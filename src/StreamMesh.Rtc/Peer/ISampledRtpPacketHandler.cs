namespace StreamMesh.Rtc.Peer;

/// <summary>
/// An <see cref="IRtpPacketHandler"/> that only needs every packet's RTP header and is content to have
/// the SRTP tag checked and the payload decrypted on a sample: a load generator whose hundreds of
/// viewers would otherwise spend the CPU the node under test needs. SRTP leaves the header, its
/// extensions included, in clear (RFC 3711 §3.1: authenticated, not encrypted), so sequence numbers,
/// timestamps and abs-capture-time are readable without the keys. Every RTCP packet and the first
/// <see cref="AlwaysVerifiedPackets"/> RTP packets are always verified.
/// </summary>
public interface ISampledRtpPacketHandler : IRtpPacketHandler
{
    /// <summary>RTP packets verified before sampling starts (so every SSRC is keyed and its index tracked).</summary>
    public const int AlwaysVerifiedPackets = 16;

    /// <summary>Authenticate and decrypt every K-th RTP packet; 1 verifies all of them.</summary>
    int VerifyEvery { get; }

    /// <summary>Whether a packet with this (cleartext) header must be verified anyway, e.g. RTX whose payload is read.</summary>
    bool MustVerify(ReadOnlySpan<byte> header);

    /// <summary>
    /// A packet not verified by sampling: header in clear, payload still encrypted, tag removed. Same
    /// rules as <see cref="IRtpPacketHandler.OnRtp"/>.
    /// </summary>
    void OnUnverifiedRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet);
}
