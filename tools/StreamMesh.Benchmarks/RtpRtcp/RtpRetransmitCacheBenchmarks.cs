using BenchmarkDotNet.Attributes;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Benchmarks.RtpRtcp;

/// <summary>Storing every sent packet and answering NACKs from the retransmit cache.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RtpRetransmitCacheBenchmarks
{
    private readonly byte[] _packet = new byte[1200];
    private readonly byte[] _destination = new byte[1500];
    private RtpRetransmitCache _cache = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _packet[0] = 0x80;
        _cache = new RtpRetransmitCache(new RtpRetransmitCacheOptions { MaxPackets = 1024, MaxAge = TimeSpan.FromHours(1) });
        for (int i = 0; i < 1024; i++)
        {
            _cache.Store(_packet, (ushort)i);
        }

        _sequence = 1024;
    }

    [GlobalCleanup]
    public void Cleanup() => _cache.Dispose();

    [Benchmark]
    public bool Store() => _cache.Store(_packet, _sequence++);

    [Benchmark]
    public int TryGet()
    {
        _sequence++;
        return _cache.TryGet((ushort)(_sequence & 1023), out ReadOnlySpan<byte> packet) ? packet.Length : -1;
    }

    [Benchmark]
    public int TryCopyTo()
    {
        _sequence++;
        return _cache.TryCopyTo((ushort)(_sequence & 1023), _destination, out int written) ? written : -1;
    }
}
