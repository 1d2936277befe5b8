using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.LoadGen;

/// <summary>The JSON document written by --json: the run's report plus the processes watched.</summary>
internal sealed record LoadGenResult(LoadReport Report, IReadOnlyList<ProcessUsage> Processes);
