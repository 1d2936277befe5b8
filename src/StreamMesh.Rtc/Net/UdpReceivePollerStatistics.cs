namespace StreamMesh.Rtc.Net;

/// <summary>A point-in-time copy of what a <see cref="UdpReceivePoller"/> did, summed over its threads.</summary>
public sealed record UdpReceivePollerStatistics
{
    /// <summary>Sockets currently in the poller's epoll sets.</summary>
    public int Sockets { get; init; }

    /// <summary>Returns from epoll_wait(2).</summary>
    public long WakeUps { get; init; }

    /// <summary>recvmmsg(2) calls that returned at least one message.</summary>
    public long ReceiveCalls { get; init; }

    /// <summary>Datagrams handed to muxes (segments of coalesced buffers counted one by one).</summary>
    public long Datagrams { get; init; }

    /// <summary>Buffers the kernel coalesced with GRO (each held two or more datagrams).</summary>
    public long CoalescedBuffers { get; init; }
}
