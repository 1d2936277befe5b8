namespace StreamMesh.Mesh.LoadTesting;

/// <summary>The outcome of a load run: what was asked, the aggregate, and every viewer.</summary>
public sealed record LoadReport(
    string Target,
    int Viewers,
    double RampPerSecond,
    double DurationSeconds,
    DateTimeOffset StartedAt,
    LoadSummary Summary,
    IReadOnlyList<ViewerReport> ViewerReports);
