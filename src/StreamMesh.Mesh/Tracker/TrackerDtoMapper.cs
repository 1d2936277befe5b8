using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Topology.Coordinates;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Converts between the wire contracts and the topology library's types.</summary>
internal static class TrackerDtoMapper
{
    public static CandidateDto ToDto(ParentCandidate c) => new()
    {
        PeerId = c.PeerId,
        Url = c.Url,
        Site = c.Site,
        Depth = c.Depth,
        PathLatencyMs = Round(c.PathLatencyMs),
        RttMs = c.RttMs is { } rtt ? Round(rtt) : null,
        RttSource = c.RttMs is null ? null : c.RttSource == RttSource.Measured ? "measured" : "predicted",
        FreeSlots = c.FreeSlots,
    };

    public static CandidateDto ToCandidate(TreePeer p) => new()
    {
        PeerId = p.Id,
        Url = p.Url,
        Site = p.Site,
        Depth = p.Depth,
        PathLatencyMs = Round(p.PathLatencyMs),
        FreeSlots = p.FreeSlots,
    };

    public static CoordinateDto? CoordinateOf(TreePeer p) => p.HasCoordinate
        ? new CoordinateDto { X = Round(p.Coordinate.Coordinate.X), Y = Round(p.Coordinate.Coordinate.Y), Height = Round(p.Coordinate.Coordinate.Height) }
        : null;

    public static PeerStatsDto? ToDto(PeerStats? s) => s is null ? null : new PeerStatsDto
    {
        ReceiveKbps = s.ReceiveKbps,
        SendKbps = s.SendKbps,
        LossFraction = s.LossFraction,
        JitterMs = s.JitterMs,
    };

    /// <summary>Null when the optional host and quality fields are usable, else what is wrong (the tree checks the rest).</summary>
    public static string? ValidateStats(PeerStatsDto? s)
    {
        if (s is null)
        {
            return null;
        }

        bool ok = s.Children is null or >= 0
            && IsNonNegative(s.CpuPercent) && IsNonNegative(s.MemoryMb) && IsNonNegative(s.GlassToGlassMs)
            && (s.RebufferingRatio is null || (double.IsFinite(s.RebufferingRatio.Value) && s.RebufferingRatio.Value is >= 0 and <= 1))
            && s.FramesDecoded is null or >= 0;
        return ok ? null : "stats must be finite and non-negative, rebufferingRatio in [0, 1]";
    }

    public static VivaldiCoordinate? FromDto(CoordinateDto? c) => c is null ? null : new VivaldiCoordinate(c.X, c.Y, c.Height);

    public static PeerStats? FromDto(PeerStatsDto? s) => s is null ? null : new PeerStats(s.ReceiveKbps, s.SendKbps, s.LossFraction, s.JitterMs);

    /// <summary>Converts samples; returns null when the list holds a null entry.</summary>
    public static RttSample[]? FromDto(IReadOnlyList<RttSampleDto>? samples)
    {
        if (samples is null)
        {
            return [];
        }

        var result = new RttSample[samples.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (samples[i] is not { } s)
            {
                return null;
            }

            result[i] = new RttSample(s.PeerId, s.RttMs);
        }

        return result;
    }

    public static PeerRole FromDto(TrackerPeerRole role) => (PeerRole)(int)role;

    public static TrackerPeerRole ToDto(PeerRole role) => (TrackerPeerRole)(int)role;

    public static string StateName(PeerState state) => state switch
    {
        PeerState.Attached => "attached",
        PeerState.Detached => "detached",
        PeerState.Pending => "pending",
        _ => "removed",
    };

    private static bool IsNonNegative(double? value) => value is null || (double.IsFinite(value.Value) && value.Value >= 0);

    /// <summary>Microsecond precision is plenty on the wire and keeps payloads short.</summary>
    public static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;
}
