using System.Text.Json.Serialization;

namespace StreamMesh.Chaos;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChaosReport))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
