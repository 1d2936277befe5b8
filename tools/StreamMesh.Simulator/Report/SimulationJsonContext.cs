using System.Text.Json.Serialization;

namespace StreamMesh.Simulator.Report;

/// <summary>Source-generated serialiser for the report; infinities are written as strings.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SimulationReport))]
public sealed partial class SimulationJsonContext : JsonSerializerContext
{
}
