namespace StreamMesh.ForwardBench;

/// <summary>One measurement point: a forwarding node, N LoadGen viewers, a hold window.</summary>
internal sealed record ForwardBenchOptions
{
    public int Viewers { get; init; } = 100;

    public int RampPerSecond { get; init; } = 50;

    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Send workers of the forwarding node; -1 for the default (one per core, at most 4).</summary>
    public int SendWorkers { get; init; } = -1;

    public bool UseSendMmsg { get; init; } = true;

    /// <summary>UDP_SEGMENT messages for a child's consecutive packets (false: one datagram per message, A/B).</summary>
    public bool UseSegmentationOffload { get; init; } = true;

    /// <summary>The node's receive loop on its own thread (as <c>AddStreamMeshNode</c> configures it); false for the runtime's async sockets (A/B).</summary>
    public bool DedicatedReceiveThread { get; init; } = true;

    public int VideoKilobitsPerSecond { get; init; } = 2500;

    /// <summary>
    /// Publish while the viewers connect (false: the source starts once they are attached). On a
    /// machine too small for the full fan-out, viewers attached early saturate it and the later
    /// ones' DTLS handshakes starve; this benchmark measures forwarding, not joining under overload.
    /// </summary>
    public bool PublishDuringRamp { get; init; }

    /// <summary>LoadGen's --verify-every: its viewers SRTP-verify every K-th RTP packet (1 = all), so they leave the node CPU.</summary>
    public int LoadGenVerifyEvery { get; init; } = 1;

    /// <summary>LoadGen's --async-receive: one receive loop per viewer socket instead of its shared poller (A/B of LoadGen's own cost).</summary>
    public bool LoadGenAsyncReceive { get; init; }

    /// <summary>Path of streammesh-loadgen.dll; null to serve only (run LoadGen yourself against the printed URL).</summary>
    public string? LoadGen { get; init; }

    public string? Json { get; init; }

    /// <summary>
    /// The node is a relay: a parent process (<see cref="ServeParent"/>) publishes the synthetic stream and the node pulls it
    /// over WebRTC through its <c>UpstreamLink</c> before forwarding it; false: the source publishes into the node's stream.
    /// </summary>
    public bool Relay { get; init; }

    /// <summary>The parent role of a <see cref="Relay"/> run (started by the relay itself, not by hand).</summary>
    public bool ServeParent { get; init; }

    /// <summary>With <see cref="ServeParent"/>: exit when this process (the relay) is gone.</summary>
    public int? WatchPid { get; init; }

    /// <summary>How long to wait for every viewer to connect before measuring anyway.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public void Validate()
    {
        if (Viewers is < 1 or > 5000)
        {
            throw new ArgumentException($"--viewers must be 1–5000, was {Viewers}.", nameof(Viewers));
        }

        if (RampPerSecond < 1)
        {
            throw new ArgumentException("--ramp must be positive.", nameof(RampPerSecond));
        }

        if (Hold < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("--hold must be at least 1 s.", nameof(Hold));
        }

        if (VideoKilobitsPerSecond is < 100 or > 50_000)
        {
            throw new ArgumentException("--video-kbps must be 100–50000.", nameof(VideoKilobitsPerSecond));
        }

        if (Relay && SendWorkers >= 0)
        {
            // A relay's stream is created by RelayedStream on FanOutScheduler.Shared, as in a relay node.
            throw new ArgumentException("--workers does not apply with --relay: the relay's stream uses the process-wide send workers.", nameof(SendWorkers));
        }

        if (Relay && ServeParent)
        {
            throw new ArgumentException("--relay and --serve-parent are two ends of one run.", nameof(Relay));
        }

        if (LoadGen is not null && !File.Exists(LoadGen))
        {
            throw new ArgumentException($"--loadgen {LoadGen} does not exist.", nameof(LoadGen));
        }
    }
}
