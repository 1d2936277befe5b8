using System.Text.Json.Serialization;

namespace StreamMesh.LoadGen;

/// <summary>Source-generated JSON for the report (no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadGenResult))]
internal sealed partial class LoadGenJsonContext : JsonSerializerContext;
