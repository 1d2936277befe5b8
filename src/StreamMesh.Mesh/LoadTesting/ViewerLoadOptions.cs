namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Shape of a load run: how many viewers, how fast they join, and how long the full load is held.
/// The run lasts about Viewers / RampPerSecond (joining) + connecting + <see cref="SettleTime"/> + <see cref="Duration"/>.
/// </summary>
public sealed record ViewerLoadOptions
{
    public int Viewers { get; init; } = 10;

    /// <summary>Viewers started per second.</summary>
    public double RampPerSecond { get; init; } = 20;

    /// <summary>How long the full load is held (and measured) once every viewer has connected or failed.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pause between the last viewer settling and the hold window, so the keyframe-cache burst each
    /// viewer gets on join has drained before latency and gaps are measured.
    /// </summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often viewers repeat due NACKs and check whether a receiver report is due.</summary>
    public TimeSpan FeedbackInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>In a tree (a reattaching target source): video silence after which a viewer asks for another parent.</summary>
    public TimeSpan ReattachSilence { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// In a tree: how long a viewer waits for a silent parent that still answers its liveness check
    /// (it is probably healing its own upstream) before moving anyway.
    /// </summary>
    public TimeSpan ReattachPatience { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Receive every viewer's datagrams on one shared <see cref="StreamMesh.Rtc.Net.UdpReceivePoller"/>
    /// (Linux: epoll + recvmmsg + UDP GRO on dedicated threads; elsewhere viewers fall back to their own
    /// loops). False: one asynchronous receive loop per viewer socket, i.e. a recvfrom, an epoll
    /// wake-up and a thread-pool hop per datagram, which costs the machine several times more CPU.
    /// </summary>
    public bool SharedReceivePoller { get; init; } = true;

    /// <summary>Threads of the shared poller (each owns an epoll set and its share of the sockets).</summary>
    public int ReceivePollerThreads { get; init; } = 1;

    public HeadlessViewerOptions Viewer { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> for values out of range.</summary>
    public void Validate()
    {
        if (Viewers is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(Viewers)} must be 1 to 100000 (got {Viewers}).", nameof(Viewers));
        }

        if (!(RampPerSecond > 0) || double.IsInfinity(RampPerSecond))
        {
            throw new ArgumentException($"{nameof(RampPerSecond)} must be a positive number (got {RampPerSecond}).", nameof(RampPerSecond));
        }

        if (Duration < TimeSpan.Zero || SettleTime < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(Duration)} and {nameof(SettleTime)} must not be negative (got {Duration}, {SettleTime}).", nameof(Duration));
        }

        if (ReattachSilence <= TimeSpan.Zero || ReattachPatience < ReattachSilence)
        {
            throw new ArgumentException($"{nameof(ReattachSilence)} must be positive and {nameof(ReattachPatience)} at least as long (got {ReattachSilence}, {ReattachPatience}).", nameof(ReattachSilence));
        }

        if (FeedbackInterval <= TimeSpan.Zero || ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(FeedbackInterval)} and {nameof(ProgressInterval)} must be positive.", nameof(FeedbackInterval));
        }

        if (ReceivePollerThreads is < 1 or > 64)
        {
            throw new ArgumentException($"{nameof(ReceivePollerThreads)} must be 1 to 64 (got {ReceivePollerThreads}).", nameof(ReceivePollerThreads));
        }

        ArgumentNullException.ThrowIfNull(Viewer, nameof(Viewer));
        Viewer.Validate();
    }
}
