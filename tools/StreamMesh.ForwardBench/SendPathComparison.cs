using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Net;

namespace StreamMesh.ForwardBench;

/// <summary>
/// The kernel send path alone, in the fan-out's shape: a P-frame's 9 packets to each of 8 loopback
/// sockets per flush, handed over by sendmmsg with UDP_SEGMENT (one message per run of equal sizes to
/// one destination: one per frame with full fragments, two with balanced ones), by sendmmsg with one
/// datagram per message, or by one sendto per datagram.
/// Blocks of the three are interleaved so the noise of a shared machine hits them alike. CPU time is
/// the sending thread's own, from /proc/thread-self/schedstat (nanoseconds on CPU), so waiting for a
/// core is not counted; on loopback it includes the receiver's side of delivery (softirq, queueing,
/// wake-up), which runs on the sender's CPU. The sinks are drained between blocks, untimed.
/// </summary>
internal static class SendPathComparison
{
    private const int Destinations = 8;
    private const int BatchesPerBlock = 100;
    private const int FrameBytes = 9_905;

    /// <summary>Fragments as H264Payloader cuts them: full ones, the rest in the last (one UDP_SEGMENT message per frame).</summary>
    private static readonly int[] FullFragments = [1101, 1101, 1101, 1101, 1101, 1101, 1101, 1101, 1097];

    /// <summary>Balanced fragments, as libwebrtc cuts them: sizes differ by one byte (two messages per frame).</summary>
    private static readonly int[] BalancedFragments = [1101, 1101, 1101, 1101, 1101, 1100, 1100, 1100, 1100];

    public static void Run(int blocks)
    {
        var bufferSize = 4 * 1024 * 1024;
        using var segmented = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, SocketSendBufferSize = bufferSize });
        using var batched = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSegmentationOffload = false, SocketSendBufferSize = bufferSize });
        using var single = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSendMmsg = false, SocketSendBufferSize = bufferSize });
        var sinks = new Socket[Destinations];
        for (var i = 0; i < Destinations; i++)
        {
            sinks[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 * 1024 * 1024, Blocking = false };
            sinks[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        using var batch = new UdpDatagramBatch(Destinations * FullFragments.Length);
        var payload = new byte[1200];
        Random.Shared.NextBytes(payload);
        payload[0] = 0x80;
        SocketAddress[] AddressesFor(UdpMux mux) => sinks.Select(s => mux.CreateSocketAddress((IPEndPoint)s.LocalEndPoint!)).ToArray();
        var segmentedAddresses = AddressesFor(segmented);
        var arms = new (string Name, UdpMux Mux, SocketAddress[] Addresses, int[] Sizes, List<double> Samples)[]
        {
            ("UDP_SEGMENT, full fragments", segmented, segmentedAddresses, FullFragments, []),
            ("UDP_SEGMENT, balanced fragments", segmented, segmentedAddresses, BalancedFragments, []),
            ("sendmmsg, 1 datagram per message", batched, AddressesFor(batched), FullFragments, []),
            ("sendto, 1 datagram per call", single, AddressesFor(single), FullFragments, []),
        };
        var drain = new byte[65_536];
        for (var block = 0; block < blocks; block++)
        {
            foreach (var arm in arms)
            {
                arm.Samples.Add(Measure(batch, arm.Mux, arm.Addresses, arm.Sizes, payload));
                Drain(sinks, drain);
            }
        }

        foreach (var sink in sinks)
        {
            sink.Dispose();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"send path, {blocks} interleaved blocks of {BatchesPerBlock} flushes × {Destinations} destinations × a {FrameBytes:N0}-byte frame in {FullFragments.Length} datagrams (sendmmsg: {batched.SendsBatchesInOneCall}, UDP_SEGMENT: {segmented.SendsSegmentedMessages}, {segmented.Counters.SegmentedDatagrams / (double)Math.Max(1, segmented.Counters.SegmentedMessages):F1} datagrams per segmented message over both UDP_SEGMENT arms)"));
        foreach (var (name, _, _, _, samples) in arms)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} median {Median(samples):F2} µs CPU per datagram (p25 {Quantile(samples, 0.25):F2}, p75 {Quantile(samples, 0.75):F2})"));
        }
    }

    private static double Measure(UdpDatagramBatch batch, UdpMux mux, SocketAddress[] addresses, int[] sizes, byte[] payload)
    {
        var started = ThreadCpuNanoseconds();
        for (var n = 0; n < BatchesPerBlock; n++)
        {
            foreach (var address in addresses)
            {
                foreach (var size in sizes)
                {
                    payload.AsSpan(0, size).CopyTo(batch.Reserve(mux));
                    batch.Commit(size, address);
                }
            }

            batch.Flush();
        }

        return (ThreadCpuNanoseconds() - started) / 1000.0 / (BatchesPerBlock * addresses.Length * sizes.Length);
    }

    private static void Drain(Socket[] sinks, byte[] buffer)
    {
        foreach (var sink in sinks)
        {
            while (sink.Available > 0)
            {
                sink.Receive(buffer);
            }
        }
    }

    private static long ThreadCpuNanoseconds()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
