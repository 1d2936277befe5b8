using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// SRTP master keys and salts exported from a completed DTLS-SRTP handshake (RFC 5764 §4.2).
/// "Local" protects what we send, "remote" unprotects what the peer sends.
/// Key/salt lengths: 16/14 bytes for AES128_CM_HMAC_SHA1_80, 16/12 bytes for AEAD_AES_128_GCM (RFC 7714 §12).
/// </summary>
/// <param name="Profile">The protection profile the server selected through use_srtp.</param>
/// <param name="LocalMasterKey">Master key for our outgoing SRTP/SRTCP.</param>
/// <param name="LocalMasterSalt">Master salt for our outgoing SRTP/SRTCP.</param>
/// <param name="RemoteMasterKey">Master key for the peer's SRTP/SRTCP.</param>
/// <param name="RemoteMasterSalt">Master salt for the peer's SRTP/SRTCP.</param>
public sealed record DtlsSrtpKeys(
    SrtpProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
