using System.Text.Json.Serialization;

namespace StreamMesh.Node.Hosting;

[JsonSerializable(typeof(string))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;
