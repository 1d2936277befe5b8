using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Streams;

/// <summary>How a node spreads its children's sending over cores.</summary>
public sealed record FanOutOptions : IValidatedOptions
{
    /// <summary>
    /// Send worker threads; children are spread over them. 0 sends inline on the publishing thread
    /// (deterministic, for tests and single-viewer tools). Default: one per core, at most 4.
    /// </summary>
    public int SendWorkers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// A stream with at most this many children sends to them on its publishing thread, one batch per
    /// published frame: no thread hop, no wake-up (a futex wake and two context switches per frame
    /// otherwise, which for an origin with one viewer cost more than the sending). A stream that grows
    /// past it moves all its children to the send workers, and goes back inline only once it has none.
    /// 0: always the workers.
    /// </summary>
    public int InlineChildrenPerStream { get; init; } = 4;

    /// <summary>Packets a child may have queued (a power of two). A child further behind is degraded, never buffered more.</summary>
    public int ChildQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// How long a packet may wait in a child's queue before the child counts as behind and stops being
    /// fed (video resumes at the next keyframe once it caught up, audio as soon as it has). Measured on the
    /// stream's <see cref="TimeProvider"/>. Zero: bounded by count only.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Datagrams per sendmmsg(2) call.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Packets a worker sends to one child before moving to the next, for fairness in a burst.</summary>
    public int MaxPacketsPerVisit { get; init; } = 64;

    public void Validate()
    {
        if (SendWorkers is < 0 or > 64)
        {
            throw new ArgumentException($"SendWorkers must be 0–64, was {SendWorkers}.", nameof(SendWorkers));
        }

        if (InlineChildrenPerStream is < 0 or > 64)
        {
            throw new ArgumentException($"InlineChildrenPerStream must be 0–64, was {InlineChildrenPerStream}.", nameof(InlineChildrenPerStream));
        }

        if (ChildQueueCapacity is < 16 or > 65_536 || (ChildQueueCapacity & (ChildQueueCapacity - 1)) != 0)
        {
            throw new ArgumentException($"ChildQueueCapacity must be a power of two within 16–65536, was {ChildQueueCapacity}.", nameof(ChildQueueCapacity));
        }

        if (BatchSize is < 1 or > 1024)
        {
            throw new ArgumentException($"BatchSize must be 1–1024, was {BatchSize}.", nameof(BatchSize));
        }

        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException($"MaxQueueDelay must be 0–10 s, was {MaxQueueDelay}.", nameof(MaxQueueDelay));
        }

        if (MaxPacketsPerVisit < 1)
        {
            throw new ArgumentException($"MaxPacketsPerVisit must be positive, was {MaxPacketsPerVisit}.", nameof(MaxPacketsPerVisit));
        }
    }
}
