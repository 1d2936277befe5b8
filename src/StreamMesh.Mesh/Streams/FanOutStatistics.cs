using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Streams;

/// <summary>A snapshot of a <see cref="FanOutScheduler"/>'s workers.</summary>
/// <param name="PacketsSent">Packets taken off child queues and sent (or dropped by a closed child).</param>
/// <param name="Flushes">Batches handed to the kernel (sendmmsg calls on Linux).</param>
/// <param name="BusyTime">Wall time the workers spent working rather than asleep, summed.</param>
/// <param name="ChildrenPerWorker">How the children are spread.</param>
/// <param name="Latency">Per packet: publication on this node → handed to the kernel, in ms.</param>
/// <param name="AllocatedBytes">Bytes the worker threads allocated since they started (their fixed start-up buffers included).</param>
public sealed record FanOutStatistics(long PacketsSent, long Flushes, TimeSpan BusyTime, IReadOnlyList<int> ChildrenPerWorker, DistributionSummary Latency, long AllocatedBytes);
