using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Benchmarks.Srtp;

/// <summary>
/// Per-packet cost of <see cref="SrtpContext"/>: a 1,200-byte RTP packet (12-byte header, 1,188-byte payload)
/// and an 84-byte compound RTCP packet (RR with one report block + SDES CNAME), protected by one context
/// and unprotected by its peer in the same buffer, as a relay would do per hop.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class SrtpContextBenchmarks
{
    private const int RtpLength = 1200;
    private const int RtcpLength = 84;

    private readonly byte[] _rtp = new byte[RtpLength + 16];
    private readonly byte[] _rtcp = new byte[RtcpLength + 20];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private ushort _sequence;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var key = new byte[Profile.MasterKeyLength()];
        var salt = new byte[Profile.MasterSaltLength()];
        random.NextBytes(key);
        random.NextBytes(salt);
        _sender = new SrtpContext(Profile, key, salt);
        _receiver = new SrtpContext(Profile, key, salt);

        random.NextBytes(_rtp);
        _rtp[0] = 0x80;
        _rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(8), 0x1234_5678);

        random.NextBytes(_rtcp);
        _rtcp[0] = 0x81;
        _rtcp[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(4), 0x1234_5678);
        _rtcp[32] = 0x81;
        _rtcp[33] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(34), 12);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Sender side only; the buffer is re-encrypted in place with a fresh sequence number each time.</summary>
    [Benchmark]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_sequence);
        _sender.ProtectRtp(_rtp, RtpLength, out int protectedLength);
        return protectedLength;
    }

    /// <summary>Protect then unprotect, which leaves the plaintext back in the buffer for the next round.</summary>
    [Benchmark]
    public int ProtectUnprotectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_sequence);
        _sender.ProtectRtp(_rtp, RtpLength, out int protectedLength);
        SrtpResult result = _receiver.UnprotectRtp(_rtp.AsSpan(0, protectedLength), out int plainLength);
        return result == SrtpResult.Ok ? plainLength : throw new InvalidOperationException(result.ToString());
    }

    [Benchmark]
    public int ProtectUnprotectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, RtcpLength, out int protectedLength);
        SrtpResult result = _receiver.UnprotectRtcp(_rtcp.AsSpan(0, protectedLength), out int plainLength);
        return result == SrtpResult.Ok ? plainLength : throw new InvalidOperationException(result.ToString());
    }
}
