using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// SRTP/SRTCP unprotect (RFC 3711 §3.3, §3.4; RFC 7714) with both profiles. Seeds are packets protected
/// under a small pool of random master keys; the receiving context is replaced every few thousand
/// inputs (outside measurement) by one for a pool key or a fresh random key, so inputs reach the
/// authentication, decryption and replay paths as well as the rejection paths. Each well-formed input
/// is also treated as plaintext: protected by a sender and unprotected by its peer, it must come back
/// unchanged, which drives odd header layouts (CSRCs, extensions, padding) through the cipher paths.
/// </summary>
public sealed class SrtpTarget : FuzzTarget, IDisposable
{
    private const int SaltLengthCm = 14;
    private const int SaltLengthGcm = 12;
    private const int KeyLength = 16;

    private readonly bool _rtcp;
    private readonly byte[] _scratch = new byte[4096];
    private readonly List<(SrtpProfile Profile, byte[] Key, byte[] Salt)> _keys = [];
    private readonly byte[] _plain = new byte[4096];
    private SrtpContext? _receiver;
    private SrtpContext? _sender;
    private SrtpContext? _peer;

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

    // A new SSRC costs per-stream state (keys, replay window) in each context, and the stream table
    // grows with it; both are capped at SrtpContext.MaxStreams streams per context.
    public override long AllocationBound(int inputLength) => 64 * 1024;

    public override void Refresh(FuzzRandom random)
    {
        _receiver?.Dispose();
        _sender?.Dispose();
        _peer?.Dispose();
        int pick = random.Next(_keys.Count + 1);
        (SrtpProfile profile, byte[] key, byte[] salt) = pick < _keys.Count
            ? _keys[pick]
            : RandomKey(random.OneIn(2) ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80, random);
        _receiver = new SrtpContext(profile, key, salt);
        _sender = new SrtpContext(profile, key, salt);
        _peer = new SrtpContext(profile, key, salt);
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

        return (int)result | ((int)receiver.Profile << 8) | (RoundTrip(input) << 12);
    }

    private int RoundTrip(ReadOnlySpan<byte> plain)
    {
        SrtpContext sender = _sender!;
        SrtpContext peer = _peer!;

        // Only what a well-behaved local sender could hand over: a well-formed packet (RFC 3550 §5.1
        // padding count included) — the receiver rightly rejects bad padding after decryption.
        if (_rtcp ? !RtcpHeader.TryParse(plain, out _) : !RtpPacket.TryParse(plain, out _))
        {
            return 0;
        }

        plain.CopyTo(_scratch);
        SrtpResult protectedResult = _rtcp
            ? sender.ProtectRtcp(_scratch, plain.Length, out int protectedLength)
            : sender.ProtectRtp(_scratch, plain.Length, out protectedLength);
        if (protectedResult != SrtpResult.Ok)
        {
            return 1 + (int)protectedResult;
        }

        _scratch.AsSpan(0, protectedLength).CopyTo(_plain);
        SrtpResult result = _rtcp
            ? peer.UnprotectRtcp(_plain.AsSpan(0, protectedLength), out int plainLength)
            : peer.UnprotectRtp(_plain.AsSpan(0, protectedLength), out plainLength);
        if (result == SrtpResult.Ok && !_plain.AsSpan(0, plainLength).SequenceEqual(plain))
        {
            throw new InvalidOperationException($"Protect then unprotect changed a {plain.Length}-byte packet into {plainLength} different bytes.");
        }

        if (result is SrtpResult.AuthenticationFailed or SrtpResult.Malformed)
        {
            throw new InvalidOperationException($"A packet we protected was refused by the peer as {result}.");
        }

        return 8 + (int)result;
    }

    public void Dispose()
    {
        _receiver?.Dispose();
        _sender?.Dispose();
        _peer?.Dispose();
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
