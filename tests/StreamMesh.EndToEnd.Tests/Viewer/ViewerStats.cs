using System.Text.Json;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>Reads fields of the viewer's stats JSON the way any consumer would: by name, not through the viewer's types.</summary>
internal sealed class ViewerStats(JsonElement root)
{
    public static async Task<ViewerStats> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
        return new ViewerStats(document.RootElement.Clone());
    }

    public long Long(string section, string name) => root.GetProperty(section).GetProperty(name).GetInt64();

    public double Seconds => root.GetProperty("durationSeconds").GetDouble();

    /// <summary>A top-level field (reattachments, parents, longestFreezeSeconds…).</summary>
    public JsonElement Field(string name) => root.GetProperty(name);

    public string Text(string section, string name) => root.GetProperty(section).GetProperty(name).GetString() ?? string.Empty;

    public override string ToString() => root.ToString();
}
