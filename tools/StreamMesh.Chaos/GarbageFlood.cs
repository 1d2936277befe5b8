using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Chaos;

/// <summary>
/// Sends random datagrams at a node's UDP port at a fixed rate: bytes that look like nothing, like
/// STUN without the magic cookie, like DTLS records, like RTP/RTCP from an unknown address. Every one
/// must be dropped and counted, none may disturb forwarding.
/// </summary>
public static class GarbageFlood
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <returns>Datagrams sent.</returns>
    public static async Task<long> RunAsync(IPEndPoint target, int perSecond, TimeSpan duration, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(seed);
        byte[] datagram = new byte[1200];
        long sent = 0;
        var started = TimeProvider.System.GetTimestamp();
        using var ticks = new PeriodicTimer(Tick);
        try
        {
            while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                if (elapsed >= duration)
                {
                    break;
                }

                // Catch up to the schedule after a late tick instead of silently sending less.
                long due = (long)(elapsed.TotalSeconds * perSecond);
                for (; sent < due; sent++)
                {
                    int length = random.Next(1, 1200);
                    random.NextBytes(datagram.AsSpan(0, length));
                    datagram[0] = (sent % 4) switch
                    {
                        0 => (byte)random.Next(0, 4),      // STUN range, no valid message
                        1 => (byte)random.Next(20, 64),    // DTLS range
                        2 => (byte)random.Next(128, 192),  // RTP/RTCP range, unknown sender
                        _ => (byte)random.Next(64, 128),   // nothing RFC 7983 knows
                    };
                    socket.SendTo(datagram.AsSpan(0, length), SocketFlags.None, target);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped early
        }

        return sent;
    }
}
