using System.Text.Json;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>Reads and waits on a tracker's tree (GET /api/streams/{stream}/tree).</summary>
internal static class TreeReader
{
    public static async Task<TreeDto?> ReadAsync(HttpClient http, string trackerBase, string stream, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"{trackerBase}/api/streams/{stream}/tree"), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), TrackerJsonContext.Default.TreeDto);
    }

    /// <summary>Polls until <paramref name="done"/> holds; returns the last tree read (null when the stream never appeared).</summary>
    public static async Task<TreeDto?> WaitAsync(HttpClient http, string trackerBase, string stream, Func<TreeDto, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        TreeDto? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadAsync(http, trackerBase, stream, cancellationToken).ConfigureAwait(false);
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        return last;
    }

    public static bool IsAttached(TreeDto tree, string id, string? parent = null) =>
        tree.Nodes.Any(n => n.Id == id && n.State == "attached" && (parent is null || n.Parent == parent));
}
