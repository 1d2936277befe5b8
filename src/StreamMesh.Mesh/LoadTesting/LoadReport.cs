using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>The outcome of a load run: what was asked, the aggregate, and every viewer.</summary>
/// <param name="ReceiveMode">How the viewers received: <c>poller</c> (one shared <see cref="UdpReceivePoller"/>) or <c>async</c> (one loop per viewer socket).</param>
/// <param name="ReceivePoller">What the shared poller did over the whole run; null in <c>async</c> mode.</param>
public sealed record LoadReport(
    string Target,
    int Viewers,
    double RampPerSecond,
    double DurationSeconds,
    DateTimeOffset StartedAt,
    LoadSummary Summary,
    IReadOnlyList<ViewerReport> ViewerReports,
    string ReceiveMode = ViewerLoadRun.AsyncReceiveMode,
    UdpReceivePollerStatistics? ReceivePoller = null);
