namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// The cryptographic half of a profile: encrypts and authenticates packets whose layout the
/// <see cref="SrtpContext"/> has already validated, with the packet index it has already estimated.
/// Holds reusable cipher state, so one thread at a time.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Bytes appended to an RTP packet.</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes appended to an RTCP packet (tag plus the E-flag/index word).</summary>
    public abstract int RtcpOverhead { get; }

    /// <summary>Encrypts packet[headerLength..length) in place and writes the tag at packet[length..].</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Verifies the tag at the end of <paramref name="packet"/>; only on success decrypts the payload in place.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Protects packet[0..length) in place, appending the trailer; returns the protected length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypt);

    /// <summary>Where the E-flag/SRTCP index word sits in a protected packet of this length.</summary>
    public abstract int RtcpIndexOffset(int protectedLength);

    /// <summary>Verifies the tag; only on success decrypts (when <paramref name="encrypted"/>) in place.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
