using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Net;

namespace StreamMesh.ForwardBench;

/// <summary>
/// A/B/C of the kernel send path alone, in the fan-out's shape: a P-frame's 9 packets (balanced FU-A
/// sizes, 1,101 and 1,100 bytes, as the origin's payloader cuts 9,905 bytes) to each of 8 loopback
/// sockets per flush, handed over by sendmmsg with UDP_SEGMENT (one message per run of equal sizes
/// to one destination), by sendmmsg with one datagram per message, or by one sendto per datagram.
/// Blocks of the three are interleaved so the noise of a shared machine hits them alike. CPU time is
/// the sending thread's own, from /proc/thread-self/schedstat (nanoseconds on CPU), so waiting for a
/// core is not counted; on loopback it includes the receiver's side of delivery (softirq, queueing,
/// wake-up), which runs on the sender's CPU. The sinks are drained between blocks, untimed.
/// </summary>
internal static class SendPathComparison
{
    private const int Destinations = 8;
    private const int BatchesPerBlock = 100;
    private static readonly int[] FrameSizes = [1101, 1101, 1101, 1101, 1101, 1100, 1100, 1100, 1100];

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

        using var batch = new UdpDatagramBatch(Destinations * FrameSizes.Length);
        var payload = new byte[1200];
        Random.Shared.NextBytes(payload);
        payload[0] = 0x80;
        SocketAddress[] AddressesFor(UdpMux mux) => sinks.Select(s => mux.CreateSocketAddress((IPEndPoint)s.LocalEndPoint!)).ToArray();
        var arms = new (string Name, UdpMux Mux, SocketAddress[] Addresses, List<double> Samples)[]
        {
            ("sendmmsg + UDP_SEGMENT", segmented, AddressesFor(segmented), []),
            ("sendmmsg, 1 datagram per message", batched, AddressesFor(batched), []),
            ("sendto, 1 datagram per call", single, AddressesFor(single), []),
        };
        var drain = new byte[65_536];
        for (var block = 0; block < blocks; block++)
        {
            foreach (var arm in arms)
            {
                arm.Samples.Add(Measure(batch, arm.Mux, arm.Addresses, payload));
                Drain(sinks, drain);
            }
        }

        foreach (var sink in sinks)
        {
            sink.Dispose();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"send path A/B/C, {blocks} interleaved blocks of {BatchesPerBlock} flushes × {Destinations} destinations × {FrameSizes.Length} datagrams of {FrameSizes[^1]}–{FrameSizes[0]} B (sendmmsg: {batched.SendsBatchesInOneCall}, UDP_SEGMENT: {segmented.SendsSegmentedMessages}, {segmented.Counters.SegmentedDatagrams / (double)Math.Max(1, segmented.Counters.SegmentedMessages):F1} datagrams per segmented message)"));
        foreach (var (name, _, _, samples) in arms)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} median {Median(samples):F2} µs CPU per datagram (p25 {Quantile(samples, 0.25):F2}, p75 {Quantile(samples, 0.75):F2})"));
        }
    }

    private static double Measure(UdpDatagramBatch batch, UdpMux mux, SocketAddress[] addresses, byte[] payload)
    {
        var started = ThreadCpuNanoseconds();
        for (var n = 0; n < BatchesPerBlock; n++)
        {
            foreach (var address in addresses)
            {
                foreach (var size in FrameSizes)
                {
                    payload.AsSpan(0, size).CopyTo(batch.Reserve(mux));
                    batch.Commit(size, address);
                }
            }

            batch.Flush();
        }

        return (ThreadCpuNanoseconds() - started) / 1000.0 / (BatchesPerBlock * addresses.Length * FrameSizes.Length);
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
