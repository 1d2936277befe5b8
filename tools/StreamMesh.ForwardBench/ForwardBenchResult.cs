using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.ForwardBench;

/// <summary>What one run measured in the forwarding process, over the hold window.</summary>
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
    double DatagramsPerSegmentedMessage = 0);
