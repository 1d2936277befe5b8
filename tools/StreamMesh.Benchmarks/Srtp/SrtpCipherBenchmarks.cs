using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Benchmarks.Srtp;

/// <summary>
/// The cipher primitives under SRTP on a 1,188-byte payload with a 12-byte header as AAD: the AES-NI/PCLMULQDQ
/// path against the platform's AesGcm and AES-ECB, to show where the per-packet time goes.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class SrtpCipherBenchmarks
{
    private const int PayloadLength = 1188;

    private readonly byte[] _data = new byte[PayloadLength];
    private readonly byte[] _aad = new byte[12];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _counter = new byte[16];
    private IntrinsicAesGcm _intrinsicGcm = null!;
    private PlatformAesGcm _platformGcm = null!;
    private IntrinsicAes128 _intrinsicCtr = null!;
    private PlatformAesCounterMode _platformCtr = null!;
    private Ghash _ghash = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        new Random(2).NextBytes(key);
        _intrinsicGcm = new IntrinsicAesGcm(key);
        _platformGcm = new PlatformAesGcm(key);
        _intrinsicCtr = new IntrinsicAes128(key);
        _platformCtr = new PlatformAesCounterMode(key);
        _ghash = new Ghash(_intrinsicCtr.EncryptBlock(Vector128<byte>.Zero));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _intrinsicGcm.Dispose();
        _platformGcm.Dispose();
        _intrinsicCtr.Dispose();
        _platformCtr.Dispose();
    }

    [Benchmark]
    public byte IntrinsicGcmEncrypt()
    {
        _intrinsicGcm.Encrypt(_nonce, _data, _tag, _aad);
        return _tag[0];
    }

    [Benchmark(Baseline = true)]
    public byte PlatformGcmEncrypt()
    {
        _platformGcm.Encrypt(_nonce, _data, _tag, _aad);
        return _tag[0];
    }

    [Benchmark]
    public byte IntrinsicCounterMode()
    {
        _intrinsicCtr.Transform(_counter, _data);
        return _data[0];
    }

    [Benchmark]
    public byte PlatformCounterMode()
    {
        _platformCtr.Transform(_counter, _data);
        return _data[0];
    }

    [Benchmark]
    public ulong IntrinsicGhash()
    {
        Vector128<ulong> state = _ghash.Update(Vector128<ulong>.Zero, _aad);
        state = _ghash.Update(state, _data);
        return _ghash.UpdateLengths(state, _aad.Length, _data.Length).GetElement(0);
    }
}
