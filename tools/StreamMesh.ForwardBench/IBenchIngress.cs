using StreamMesh.Mesh.Streams;

namespace StreamMesh.ForwardBench;

/// <summary>What feeds the measured node's stream: the synthetic source in-process (an origin) or a parent over WebRTC (a relay).</summary>
internal interface IBenchIngress : IAsyncDisposable
{
    /// <summary>The node's stream the viewers attach to.</summary>
    LiveStream Stream { get; }

    /// <summary>The send workers that serve the stream's children (their counters and hop latency are the measurement).</summary>
    FanOutScheduler Scheduler { get; }

    bool IsRelay { get; }

    bool IsPublishing { get; }

    /// <summary>Why the ingress stopped feeding the stream (e.g. the parent process exited); null while it works.</summary>
    string? Failure { get; }

    void StartPublishing();

    IngressSample Sample();
}
