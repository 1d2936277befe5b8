using System.Text.Json.Serialization;

namespace StreamMesh.ForwardBench;

[JsonSerializable(typeof(ForwardBenchResult))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ForwardBenchJson : JsonSerializerContext;
