using System.Collections.Concurrent;
using System.Net;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// A sink that writes what reaches it, and each burst end, to a log shared by several sinks, so a test
/// sees the order across them. It can hold the receive loop on one datagram, so that what is sent
/// meanwhile queues up on the socket.
/// </summary>
internal sealed class BurstRecordingSink(string name, UdpMux mux, ConcurrentQueue<string> log) : IUdpMuxSink, IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private int _outsideBurst;

    /// <summary>An RTP datagram this long holds the receive loop until <see cref="Release"/>.</summary>
    public int HoldOnLength { get; init; } = -1;

    /// <summary>Completes when the receive loop is held.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Datagrams that reached this sink while the mux said no burst was open.</summary>
    public int OutsideBurst => Volatile.Read(ref _outsideBurst);

    public void Release() => _release.Set();

    public void OnDtlsDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Record(datagram, "dtls");

    public void OnRtpDatagram(Span<byte> datagram, IPEndPoint remote)
    {
        Record(datagram, "rtp");
        if (datagram.Length == HoldOnLength)
        {
            Holding.TrySetResult();
            _release.Wait(TestTimeouts.Network);
        }
    }

    public void OnReceiveBurstEnd() => log.Enqueue($"{name} end");

    public void Dispose() => _release.Dispose();

    private void Record(ReadOnlySpan<byte> datagram, string kind)
    {
        if (!mux.IsInReceiveBurst)
        {
            Interlocked.Increment(ref _outsideBurst);
        }

        // The third byte says which datagram of its sender this is.
        log.Enqueue($"{name} {kind} {datagram[2]}");
    }
}
