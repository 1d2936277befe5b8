using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// SRTP/SRTCP unprotect (RFC 3711 §3.3, §3.4; RFC 7714) with both profiles. Seeds are packets protected
/// under a small pool of random master keys; the receiving context is replaced every few thousand
/// inputs (outside measurement) by one for a pool key or a fresh random key, so inputs reach the
/// authentication, decryption and replay paths as well as the rejection paths.
/// </summary>
public sealed class SrtpTarget : FuzzTarget, IDisposable
{
    private const int SaltLengthCm = 14;
    private const int SaltLengthGcm = 12;
    private const int KeyLength = 16;

    private readonly bool _rtcp;
    private readonly byte[] _scratch = new byte[4096];
    private readonly List<(SrtpProfile Profile, byte[] Key, byte[] Salt)> _keys = [];
    private SrtpContext? _receiver;

    public SrtpTarget(bool rtcp) => _rtcp = rtcp;

    public override string Name => _rtcp ? "srtcp" : "srtp";

    public override string Description => _rtcp ? "SrtpContext.UnprotectRtcp, AES-CM/HMAC and AES-GCM, random keys" : "SrtpContext.UnprotectRtp, AES-CM/HMAC and AES-GCM, random keys";

    public override int RefreshInterval => 4096;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        var random = new FuzzRandom(seed ^ 0x5EC);
        foreach (SrtpProfile profile in new[] { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            _keys.Add(RandomKey(profile, random));
        }

        IReadOnlyList<byte[]> plain = _rtcp ? RtcpSeedGenerator.Create(seed, 60) : RtpSeedGenerator.Create(seed, 60);
        var seeds = new List<byte[]>();
        foreach ((SrtpProfile profile, byte[] key, byte[] salt) in _keys)
        {
            using var sender = new SrtpContext(profile, key, salt);
            foreach (byte[] packet in plain)
            {
                byte[] buffer = new byte[packet.Length + 64];
                packet.CopyTo(buffer, 0);
                SrtpResult result = _rtcp
                    ? sender.ProtectRtcp(buffer, packet.Length, out int length)
                    : sender.ProtectRtp(buffer, packet.Length, out length);
                if (result == SrtpResult.Ok)
                {
                    seeds.Add(buffer[..length]);
                }
            }
        }

        return seeds;
    }

    public override long AllocationBound(int inputLength) => 4096;

    public override void Refresh(FuzzRandom random)
    {
        _receiver?.Dispose();
        int pick = random.Next(_keys.Count + 1);
        (SrtpProfile profile, byte[] key, byte[] salt) = pick < _keys.Count
            ? _keys[pick]
            : RandomKey(random.OneIn(2) ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80, random);
        _receiver = new SrtpContext(profile, key, salt);
    }

    public override int Execute(ReadOnlySpan<byte> input)
    {
        SrtpContext receiver = _receiver ?? throw new InvalidOperationException("Refresh was not called.");
        Span<byte> packet = _scratch.AsSpan(0, input.Length);
        input.CopyTo(packet);
        SrtpResult result = _rtcp ? receiver.UnprotectRtcp(packet, out int plainLength) : receiver.UnprotectRtp(packet, out plainLength);
        if (result == SrtpResult.Ok && (plainLength < 0 || plainLength > input.Length))
        {
            throw new InvalidOperationException($"Unprotect reported {plainLength} plain bytes from a {input.Length}-byte packet.");
        }

        return (int)result | ((int)receiver.Profile << 8);
    }

    public void Dispose()
    {
        _receiver?.Dispose();
        _receiver = null;
    }

    private static (SrtpProfile, byte[], byte[]) RandomKey(SrtpProfile profile, FuzzRandom random)
    {
        byte[] key = new byte[KeyLength];
        byte[] salt = new byte[profile == SrtpProfile.AeadAes128Gcm ? SaltLengthGcm : SaltLengthCm];
        random.Fill(key);
        random.Fill(salt);
        return (profile, key, salt);
    }
}
