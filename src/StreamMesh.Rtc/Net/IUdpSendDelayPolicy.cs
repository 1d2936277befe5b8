using System.Net;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// Decides how long an outbound datagram to a remote address is held back before it is sent: the
/// seam of in-process latency emulation (this kernel has no netem). Called on every send, from any
/// thread, so it must be cheap, thread-safe and allocation-free.
/// </summary>
public interface IUdpSendDelayPolicy
{
    /// <summary>The one-way delay to add for <paramref name="remote"/>; <see cref="TimeSpan.Zero"/> sends at once.</summary>
    TimeSpan GetDelay(SocketAddress remote);
}
