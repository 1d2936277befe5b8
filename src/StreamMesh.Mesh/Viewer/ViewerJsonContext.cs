using System.Text.Json.Serialization;

namespace StreamMesh.Mesh.Viewer;

/// <summary>Source-generated JSON for the stats file (camelCase, indented, enums as names).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ViewerReport))]
public sealed partial class ViewerJsonContext : JsonSerializerContext;
