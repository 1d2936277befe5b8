namespace StreamMesh.Rtc.Sdp;

/// <summary>Per-section parser bookkeeping: attributes that may appear once, and ids that must be unique.</summary>
internal sealed class SdpAttributeScope(bool isMedia)
{
    public bool IsMedia { get; } = isMedia;

    public bool IsRtp { get; init; }

    public string? Mid { get; set; }

    /// <summary>Set when this line was the section's a=mid, so the reader can check uniqueness across sections.</summary>
    public bool MidJustSet { get; set; }

    public HashSet<int> RtpMapPayloadTypes { get; } = [];

    public HashSet<int> ExtmapIds { get; } = [];

    public HashSet<string> SingleAttributesSeen { get; } = new(StringComparer.Ordinal);
}
