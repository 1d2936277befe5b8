using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Dashboard;

namespace StreamMesh.Mesh.Tracker;

/// <content>The dashboard's view: every stream's tree with its aggregates.</content>
public sealed partial class TrackerService
{
    /// <summary>Summaries of every stream, by name (each taken under its own stream lock).</summary>
    public IReadOnlyList<DashboardStreamDto> GetDashboardStreams()
    {
        var list = new List<DashboardStreamDto>();
        foreach ((string name, TrackedStream tracked) in _streams)
        {
            TrackerResult<TreeDto> tree = GetTree(name);
            if (tree.Value is { } value)
            {
                list.Add(DashboardAggregator.Summarize(value, tracked.Churn.JoinsPerMinute, tracked.Churn.LeavesPerMinute));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Stream, b.Stream));
        return list;
    }
}
