namespace StreamMesh.Rtc.Net;

/// <summary>Configuration of a <see cref="UdpReceivePoller"/>.</summary>
public sealed record UdpReceivePollerOptions
{
    /// <summary>
    /// Poller threads; each owns an epoll set and the sockets given to it (round robin). One thread
    /// is the point: it replaces one receive loop per socket.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Switch UDP_GRO on for every socket added (Linux 5.0+): the kernel may then hand several
    /// datagrams of one sender in one buffer, which the poller splits again. A GSO send on loopback
    /// reaches a GRO socket unsegmented, saving the sender the segmentation.
    /// </summary>
    public bool Gro { get; init; } = true;

    /// <summary>Messages per recvmmsg(2) call; each has a 64 KB buffer (a coalesced receive can fill it).</summary>
    public int MessagesPerCall { get; init; } = 8;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Threads is < 1 or > 64)
        {
            throw new ArgumentException($"Threads must be 1–64, was {Threads}.", nameof(Threads));
        }

        if (MessagesPerCall is < 1 or > 256)
        {
            throw new ArgumentException($"MessagesPerCall must be 1–256, was {MessagesPerCall}.", nameof(MessagesPerCall));
        }
    }
}
