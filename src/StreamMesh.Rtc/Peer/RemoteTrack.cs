using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Peer;

/// <summary>An incoming stream identified by its SSRC, matched to the m-line that announced it.</summary>
public sealed record RemoteTrack(uint Ssrc, string? Mid, SdpMediaKind Kind, bool IsRetransmission);
