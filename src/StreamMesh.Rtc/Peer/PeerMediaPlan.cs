using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Peer;

/// <summary>What this side offers or accepts: codecs and direction per kind, and the tracks it sends.</summary>
public sealed record PeerMediaPlan
{
    public LocalMediaSettings? Audio { get; init; }

    public LocalMediaSettings? Video { get; init; }

    public IReadOnlyList<LocalTrack> Tracks { get; init; } = [];
}
