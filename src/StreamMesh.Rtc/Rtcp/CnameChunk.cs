namespace StreamMesh.Rtc.Rtcp;

/// <summary>An SDES chunk to send: an SSRC and its CNAME (RFC 3550 §6.5.1), encoded as UTF-8 on write.</summary>
/// <param name="Ssrc">The source the CNAME belongs to.</param>
/// <param name="Cname">The canonical name; at most 255 UTF-8 bytes.</param>
public readonly record struct CnameChunk(uint Ssrc, string Cname);
