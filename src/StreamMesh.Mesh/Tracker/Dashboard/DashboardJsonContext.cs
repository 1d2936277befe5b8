using System.Text.Json.Serialization;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>Source-generated serializer for the dashboard's snapshots (output only).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DashboardSnapshotDto))]
public sealed partial class DashboardJsonContext : JsonSerializerContext
{
}
