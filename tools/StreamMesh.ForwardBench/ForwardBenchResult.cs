using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.ForwardBench;

/// <summary>What one run measured in the forwarding process, over the hold window.</summary>
/// <remarks>
/// With <see cref="Relay"/> the forwarding process is a relay: the Upstream* figures are its ingress from the parent over
/// the hold (packets received, video loss per RFC 3550 A.3 and jitter per A.8 from the link's receiver statistics), and
/// <see cref="ParentCpuCores"/> is the parent process's CPU, which none of the other figures include.
/// </remarks>
internal sealed record ForwardBenchResult(
    int ViewersRequested,
    int ViewersAttached,
    int SendWorkers,
    bool SendMmsg,
    double HoldSeconds,
    double PublishedPacketsPerSecond,
    double ForwardedPacketsPerSecond,
    double CpuCoresUsed,
    double ForwardedPacketsPerCoreSecond,
    double CpuMicrosecondsPerForwardedPacket,
    double CpuPercentOfCorePerViewer,
    double DatagramsPerSendCall,
    long ChildDrops,
    DistributionSummary HopLatency,
    double RssMegabytesIdle,
    double RssMegabytesLoaded,
    double RssKilobytesPerViewer,
    double ProcessAllocatedBytesPerForwardedPacket,
    long WorkerAllocatedBytesDuringHold,
    double MachineLoadAverage,
    string? LoadGenSummary,
    bool DedicatedReceiveThread = true,
    int LoadGenVerifyEvery = 1,
    double LoadGenCpuCores = 0,
    bool SegmentationOffload = false,
    double DatagramsPerSegmentedMessage = 0,
    bool Relay = false,
    long UpstreamPacketsReceived = 0,
    double UpstreamPacketsPerSecond = 0,
    long UpstreamVideoPacketsLost = 0,
    double UpstreamVideoLossFraction = 0,
    double UpstreamVideoJitterMs = 0,
    double ParentCpuCores = 0);
