using Microsoft.Extensions.Logging;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Source-generated log messages of the load-testing viewers (event ids 900–919).</summary>
internal static partial class LoadTestingLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Debug, Message = "Viewer {Index}: connected in {Milliseconds:0.0} ms")]
    public static partial void ViewerConnected(ILogger logger, int index, double milliseconds);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Viewer {Index}: failed: {Reason}")]
    public static partial void ViewerFailed(ILogger logger, int index, string reason);

    [LoggerMessage(EventId = 902, Level = LogLevel.Debug, Message = "Viewer {Index}: first {Kind} packet on SSRC {Ssrc} (rtx {IsRetransmission})")]
    public static partial void StreamStarted(ILogger logger, int index, string kind, uint ssrc, bool isRetransmission);

    [LoggerMessage(EventId = 903, Level = LogLevel.Debug, Message = "Viewer {Index}: WHEP DELETE failed: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, int index, string reason);

    [LoggerMessage(EventId = 904, Level = LogLevel.Information, Message = "Load run: {Viewers} viewers at {Ramp}/s, holding {Duration}")]
    public static partial void RunStarted(ILogger logger, int viewers, double ramp, TimeSpan duration);

    [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "Tracker, for {PeerId}: {Problem}")]
    public static partial void TrackerProblem(ILogger logger, string peerId, string problem);

    [LoggerMessage(EventId = 906, Level = LogLevel.Information, Message = "Viewer {Index}: reattached to {Parent} ({Reason})")]
    public static partial void Reattached(ILogger logger, int index, string? parent, string reason);

    [LoggerMessage(EventId = 907, Level = LogLevel.Warning, Message = "Viewer {Index}: reattach attempt {Attempt} failed: {Reason}")]
    public static partial void ReattachFailed(ILogger logger, int index, int attempt, string? reason);
}
