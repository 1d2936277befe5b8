namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// What a run through the relay tree adds to the load summary: how viewers spread over parents, how
/// often and how fast they reattached, and the video silences they saw (exact percentiles over the
/// reported values).
/// </summary>
public sealed record TreeLoadSummary(
    IReadOnlyDictionary<string, int> ViewersPerParent,
    int Reattaches,
    int ViewersReattached,
    DistributionSummary ReattachTime,
    DistributionSummary GapEvents,
    DistributionSummary LongestGapPerViewer)
{
    /// <summary>Folds the per-viewer reports.</summary>
    public static TreeLoadSummary From(IReadOnlyList<ViewerReport> viewers)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        var perParent = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var reattach = new List<double>();
        var gaps = new List<double>();
        var longest = new List<double>();
        int reattached = 0;
        foreach (var viewer in viewers)
        {
            string parent = viewer.Parent ?? "(none)";
            perParent[parent] = perParent.GetValueOrDefault(parent) + 1;
            if (viewer.ReattachMs is { Count: > 0 } times)
            {
                reattached++;
                reattach.AddRange(times);
            }

            if (viewer.GapEventsMs is { } events)
            {
                gaps.AddRange(events);
            }

            longest.Add(viewer.LongestVideoGapMs);
        }

        return new TreeLoadSummary(perParent, reattach.Count, reattached, Summarize(reattach), Summarize(gaps), Summarize(longest));
    }

    /// <summary>Exact nearest-rank percentiles of a list of milliseconds.</summary>
    public static DistributionSummary Summarize(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return DistributionSummary.Empty;
        }

        var sorted = values.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new DistributionSummary(sorted.Length, Rank(50), Rank(95), Rank(99), sorted[^1], sorted.Average());
    }
}
