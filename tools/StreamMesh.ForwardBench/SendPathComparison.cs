using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Net;

namespace StreamMesh.ForwardBench;

/// <summary>
/// A/B of the kernel send path alone: the same 64 × 1,200-byte datagrams to 64 loopback sockets,
/// handed over by one sendmmsg(2) per batch or by 64 sendto(2) calls, in interleaved blocks so the
/// noise of a shared machine hits both alike. CPU time is the sending thread's own, from
/// /proc/thread-self/schedstat (nanoseconds on CPU), so waiting for a core is not counted.
/// </summary>
internal static class SendPathComparison
{
    private const int Destinations = 64;
    private const int BatchesPerBlock = 100;

    public static void Run(int blocks)
    {
        using var batched = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSendMmsg = true, SocketSendBufferSize = 4 * 1024 * 1024 });
        using var single = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSendMmsg = false, SocketSendBufferSize = 4 * 1024 * 1024 });
        var sinks = new Socket[Destinations];
        for (var i = 0; i < Destinations; i++)
        {
            sinks[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sinks[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        using var batch = new UdpDatagramBatch(Destinations);
        var payload = new byte[1200];
        Random.Shared.NextBytes(payload);
        payload[0] = 0x80;
        var batchedAddresses = sinks.Select(s => batched.CreateSocketAddress((IPEndPoint)s.LocalEndPoint!)).ToArray();
        var singleAddresses = sinks.Select(s => single.CreateSocketAddress((IPEndPoint)s.LocalEndPoint!)).ToArray();
        var mmsg = new List<double>();
        var sendto = new List<double>();
        for (var block = 0; block < blocks; block++)
        {
            mmsg.Add(Measure(batch, batched, batchedAddresses, payload));
            sendto.Add(Measure(batch, single, singleAddresses, payload));
        }

        foreach (var sink in sinks)
        {
            sink.Dispose();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"send path A/B, {blocks} interleaved blocks of {BatchesPerBlock} × {Destinations} datagrams of {payload.Length} B (sendmmsg available: {batched.SendsBatchesInOneCall})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sendmmsg, 64 per call: median {Median(mmsg):F2} µs CPU per datagram (p25 {Quantile(mmsg, 0.25):F2}, p75 {Quantile(mmsg, 0.75):F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sendto, one per call:  median {Median(sendto):F2} µs CPU per datagram (p25 {Quantile(sendto, 0.25):F2}, p75 {Quantile(sendto, 0.75):F2})"));
    }

    private static double Measure(UdpDatagramBatch batch, UdpMux mux, SocketAddress[] addresses, byte[] payload)
    {
        var started = ThreadCpuNanoseconds();
        for (var n = 0; n < BatchesPerBlock; n++)
        {
            for (var i = 0; i < addresses.Length; i++)
            {
                payload.CopyTo(batch.Reserve(mux));
                batch.Commit(payload.Length, addresses[i]);
            }

            batch.Flush();
        }

        return (ThreadCpuNanoseconds() - started) / 1000.0 / (BatchesPerBlock * addresses.Length);
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
