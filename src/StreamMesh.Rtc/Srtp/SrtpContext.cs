using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// One direction of an SRTP session (RFC 3711): create one context for what this endpoint sends and
/// another for what it receives, each from that direction's master key and salt. Packets are protected
/// and unprotected in place in the caller's buffer, without allocating; per-SSRC state (rollover
/// counter, replay lists, SRTCP index) is created the first time an SSRC is sent or authenticated.
/// </summary>
/// <remarks>
/// Not thread-safe: a context must be used by one thread at a time (it reuses cipher and MAC state).
/// The counters may be read from any thread. Bad network input never throws; it yields a
/// <see cref="SrtpResult"/> and is counted.
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    /// <summary>Most SSRCs one context tracks; a peer connection uses a handful, so more means misuse.</summary>
    public const int MaxStreams = 1024;

    private const string RtpKind = "RTP";
    private const string RtcpKind = "RTCP";

    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStream> _streams = [];
    private readonly ILogger _logger;
    private SrtpStream? _lastStream;
    private long _authenticationFailures;
    private long _replaysDetected;
    private long _malformedPackets;
    private bool _streamLimitLogged;
    private bool _disposed;

    /// <summary>Creates a context, deriving the session keys from the master key and salt (RFC 3711 §4.3).</summary>
    /// <exception cref="ArgumentException">The key or salt length does not match the profile.</exception>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, ILogger? logger = null)
        : this(profile, DeriveKeys(profile, masterKey, masterSalt), useHardwareIntrinsics: true, logger, ownsKeys: true)
    {
    }

    /// <summary>Creates a context from already derived session keys (RFC 7714 test vectors; forcing the portable path).</summary>
    internal SrtpContext(SrtpProfile profile, SrtpSessionKeys keys, bool useHardwareIntrinsics, ILogger? logger, bool ownsKeys = false)
    {
        try
        {
            Profile = profile;
            _logger = logger ?? NullLogger.Instance;
            _transform = profile switch
            {
                SrtpProfile.Aes128CmHmacSha1_80 => new AesCmHmacSha1Transform(keys, useHardwareIntrinsics),
                SrtpProfile.AeadAes128Gcm => new AesGcmTransform(keys, useHardwareIntrinsics),
                _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
            };
        }
        finally
        {
            if (ownsKeys)
            {
                keys.Dispose();
            }
        }
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends (10 or 16); buffers need this much room after the packet.</summary>
    public int RtpOverhead => _transform.RtpOverhead;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends (14 or 20).</summary>
    public int RtcpOverhead => _transform.RtcpOverhead;

    /// <summary>Packets dropped because their tag did not verify.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    /// <summary>Packets dropped as replays, whether inside or behind the replay window.</summary>
    public long ReplaysDetected => Interlocked.Read(ref _replaysDetected);

    /// <summary>Packets dropped because they were not well-formed.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>SSRCs this context holds state for.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>
    /// Creates the context for one direction from DTLS-exported keying material, laid out as
    /// client key || server key || client salt || server salt (RFC 5764 §4.2). The DTLS client sends with
    /// the client keys and receives with the server keys; the DTLS server the other way round.
    /// </summary>
    /// <param name="useClientWriteKeys">True for the DTLS client's outbound or the DTLS server's inbound context.</param>
    public static SrtpContext FromKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool useClientWriteKeys, ILogger? logger = null)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (keyingMaterial.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} bytes of keying material, got {keyingMaterial.Length}.", nameof(keyingMaterial));
        }

        ReadOnlySpan<byte> key = keyingMaterial.Slice(useClientWriteKeys ? 0 : keyLength, keyLength);
        ReadOnlySpan<byte> salt = keyingMaterial.Slice((2 * keyLength) + (useClientWriteKeys ? 0 : saltLength), saltLength);
        return new SrtpContext(profile, key, salt, logger);
    }

    /// <summary>
    /// Protects the RTP packet in buffer[0..length) in place (RFC 3711 §3.3): encrypts the payload and
    /// appends the tag, so the buffer needs <see cref="RtpOverhead"/> spare bytes after the packet.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;

        if (!SrtpPacketLayout.TryGetRtpHeaderLength(buffer[..length], out int headerLength))
        {
            return Malformed(RtpKind, length);
        }

        if (buffer.Length - length < _transform.RtpOverhead)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        SrtpStream? stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpResult.StreamLimitReached;
        }

        // The sender estimates the index like a receiver (RFC 3711 §3.3.1), so a retransmission of a packet
        // from before a sequence-number wrap is encrypted with the ROC it had the first time.
        long index = SrtpStream.EstimateIndex(stream.Rtp, sequenceNumber);
        if (index < 0)
        {
            return SrtpResult.TooOld;
        }

        if ((ulong)index > SrtpStream.MaxRtpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        stream.Rtp.Accept((ulong)index);
        _transform.ProtectRtp(buffer, headerLength, length, ssrc, (ulong)index);
        protectedLength = length + _transform.RtpOverhead;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Authenticates and decrypts the SRTP packet in place (RFC 3711 §3.3): on <see cref="SrtpResult.Ok"/>
    /// packet[0..plainLength) is the RTP packet. Replays are rejected before any cryptography, and no
    /// state advances unless the tag verifies.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        int tagLength = _transform.RtpOverhead;
        if (packet.Length < SrtpPacketLayout.RtpFixedHeaderLength + tagLength
            || !SrtpPacketLayout.TryGetRtpHeaderLength(packet[..^tagLength], out int headerLength))
        {
            return Malformed(RtpKind, packet.Length);
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        SrtpStream? stream = FindStream(ssrc);
        if (stream is null && _streams.Count >= MaxStreams)
        {
            return RefuseStream(ssrc);
        }

        SrtpReplayWindow window = stream?.Rtp ?? default;
        long index = SrtpStream.EstimateIndex(window, sequenceNumber);
        if (index < 0)
        {
            return Dropped(RtpKind, ssrc, SrtpResult.TooOld);
        }

        if ((ulong)index > SrtpStream.MaxRtpIndex)
        {
            return Dropped(RtpKind, ssrc, SrtpResult.IndexExhausted);
        }

        SrtpResult replay = window.Check((ulong)index);
        if (replay != SrtpResult.Ok)
        {
            return Dropped(RtpKind, ssrc, replay);
        }

        if (!_transform.UnprotectRtp(packet, headerLength, ssrc, (ulong)index))
        {
            return Dropped(RtpKind, ssrc, SrtpResult.AuthenticationFailed);
        }

        int length = packet.Length - tagLength;
        if (!SrtpPacketLayout.HasValidPadding(packet[..length], headerLength))
        {
            return Malformed(RtpKind, packet.Length);
        }

        stream ??= AddStream(ssrc);
        stream.Rtp.Accept((ulong)index);
        plainLength = length;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// For sampled verification (<c>ISampledRtpPacketHandler</c>): the length of the packet without its
    /// tag, when its header parses and its SSRC is one this context already verified a packet of. Checks
    /// nothing cryptographic and leaves the replay window alone; the payload stays encrypted. False means
    /// the caller must <see cref="UnprotectRtp"/> it instead.
    /// </summary>
    public bool TryStripUnverifiedRtp(ReadOnlySpan<byte> packet, out int headerLength, out int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        length = 0;
        headerLength = 0;
        int tagLength = _transform.RtpOverhead;
        if (packet.Length < SrtpPacketLayout.RtpFixedHeaderLength + tagLength
            || !SrtpPacketLayout.TryGetRtpHeaderLength(packet[..^tagLength], out headerLength)
            || FindStream(BinaryPrimitives.ReadUInt32BigEndian(packet[8..])) is null)
        {
            return false;
        }

        length = packet.Length - tagLength;
        return true;
    }

    /// <summary>
    /// Protects the RTCP (compound) packet in buffer[0..length) in place (RFC 3711 §3.4): encrypts everything
    /// after the first 8 bytes, sets the E-flag and the next SRTCP index, and appends the tag; the buffer needs
    /// <see cref="RtcpOverhead"/> spare bytes after the packet.
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        ProtectRtcp(buffer, length, encrypt: true, out protectedLength);

    /// <summary>As <see cref="ProtectRtcp(Span{byte}, int, out int)"/>; <paramref name="encrypt"/> false only authenticates (E = 0).</summary>
    internal SrtpResult ProtectRtcp(Span<byte> buffer, int length, bool encrypt, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;

        if (!SrtpPacketLayout.IsValidRtcp(buffer[..length]))
        {
            return Malformed(RtcpKind, length);
        }

        if (buffer.Length - length < _transform.RtcpOverhead)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        SrtpStream? stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return SrtpResult.StreamLimitReached;
        }

        // RFC 3711 §3.4: the index must not wrap under one master key; re-key instead.
        if (stream.NextRtcpIndex > SrtpStream.MaxRtcpIndex)
        {
            return SrtpResult.IndexExhausted;
        }

        uint index = stream.NextRtcpIndex++;
        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index, encrypt);
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Authenticates and, if its E-flag is set, decrypts the SRTCP packet in place (RFC 3711 §3.4): on
    /// <see cref="SrtpResult.Ok"/> packet[0..plainLength) is the RTCP packet.
    /// </summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        int overhead = _transform.RtcpOverhead;
        if (packet.Length < SrtpPacketLayout.RtcpHeaderLength + overhead
            || !SrtpPacketLayout.IsValidRtcp(packet[..^overhead]))
        {
            return Malformed(RtcpKind, packet.Length);
        }

        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet[_transform.RtcpIndexOffset(packet.Length)..]);
        bool encrypted = (indexWord & 0x8000_0000u) != 0;
        uint index = indexWord & SrtpStream.MaxRtcpIndex;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        SrtpStream? stream = FindStream(ssrc);
        if (stream is null && _streams.Count >= MaxStreams)
        {
            return RefuseStream(ssrc);
        }

        if (stream is not null)
        {
            SrtpResult replay = stream.Rtcp.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return Dropped(RtcpKind, ssrc, replay);
            }
        }

        if (!_transform.UnprotectRtcp(packet, ssrc, index, encrypted))
        {
            return Dropped(RtcpKind, ssrc, SrtpResult.AuthenticationFailed);
        }

        stream ??= AddStream(ssrc);
        stream.Rtcp.Accept(index);
        plainLength = packet.Length - overhead;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Forgets an SSRC's rollover counter, replay lists and SRTCP index, e.g. after an RTCP BYE. A later packet
    /// with that SSRC starts a fresh stream, so only remove SSRCs that are really gone: on a receiving context
    /// their old packets become acceptable again.
    /// </summary>
    /// <returns>False if the SSRC was not tracked.</returns>
    public bool RemoveStream(uint ssrc)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_lastStream?.Ssrc == ssrc)
        {
            _lastStream = null;
        }

        return _streams.Remove(ssrc);
    }

    /// <summary>Releases the ciphers and wipes key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transform.Dispose();
        _streams.Clear();
        _lastStream = null;
    }

    private static SrtpSessionKeys DeriveKeys(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        SrtpSessionKeys.Derive(profile, masterKey, masterSalt);

    private SrtpStream? FindStream(uint ssrc)
    {
        SrtpStream? last = _lastStream;
        if (last is not null && last.Ssrc == ssrc)
        {
            return last;
        }

        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            _lastStream = stream;
        }

        return stream;
    }

    private SrtpStream? GetOrAddStream(uint ssrc)
    {
        SrtpStream? stream = FindStream(ssrc);
        if (stream is not null)
        {
            return stream;
        }

        if (_streams.Count >= MaxStreams)
        {
            RefuseStream(ssrc);
            return null;
        }

        return AddStream(ssrc);
    }

    private SrtpStream AddStream(uint ssrc)
    {
        var stream = new SrtpStream(ssrc);
        _streams.Add(ssrc, stream);
        _lastStream = stream;
        SrtpContextLog.StreamAdded(_logger, Profile, ssrc, _streams.Count);
        return stream;
    }

    private SrtpResult RefuseStream(uint ssrc)
    {
        if (!_streamLimitLogged)
        {
            _streamLimitLogged = true;
            SrtpContextLog.StreamLimitReached(_logger, Profile, ssrc, MaxStreams);
        }

        return SrtpResult.StreamLimitReached;
    }

    private SrtpResult Dropped(string kind, uint ssrc, SrtpResult result)
    {
        if (result == SrtpResult.AuthenticationFailed)
        {
            Interlocked.Increment(ref _authenticationFailures);
        }
        else if (result is SrtpResult.ReplayDetected or SrtpResult.TooOld)
        {
            Interlocked.Increment(ref _replaysDetected);
        }

        SrtpContextLog.PacketDropped(_logger, Profile, kind, ssrc, result);
        return result;
    }

    private SrtpResult Malformed(string kind, int length)
    {
        Interlocked.Increment(ref _malformedPackets);
        SrtpContextLog.MalformedPacket(_logger, Profile, kind, length);
        return SrtpResult.Malformed;
    }
}
