namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>A media SSRC and the SSRC of its RTX stream, from "a=ssrc-group:FID" (RFC 4588 §8.3, RFC 5576 §4.2).</summary>
public readonly record struct SsrcFidPair(uint MediaSsrc, uint RtxSsrc);
