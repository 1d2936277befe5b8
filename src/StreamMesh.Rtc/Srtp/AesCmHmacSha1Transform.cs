using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES counter mode (RFC 3711 §4.1.1) and an 80-bit HMAC-SHA1 tag (§4.2).</summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int TagLength = 10;
    private const int IndexWordLength = 4;
    private const int RtcpHeaderLength = 8;

    private readonly IAesCounterMode _rtpCipher;
    private readonly IAesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys, bool useHardwareIntrinsics)
    {
        _rtpCipher = CreateCipher(keys.RtpCipherKey, useHardwareIntrinsics);
        _rtcpCipher = CreateCipher(keys.RtcpCipherKey, useHardwareIntrinsics);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthenticationKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthenticationKey);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int RtpOverhead => TagLength;

    public override int RtcpOverhead => TagLength + IndexWordLength;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet[headerLength..length]);

        // RFC 3711 §4.2: the authenticated portion is header || encrypted payload, with the ROC appended.
        Span<byte> tag = stackalloc byte[20];
        ComputeRtpTag(packet[..length], (uint)(index >> 16), tag);
        tag[..TagLength].CopyTo(packet[length..]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> expected = stackalloc byte[20];
        ComputeRtpTag(packet[..authenticatedLength], (uint)(index >> 16), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..TagLength], packet[authenticatedLength..]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet[headerLength..authenticatedLength]);
        return true;
    }

    /// <summary>RFC 3711 §3.4: header and SSRC in clear, the rest encrypted, then E||index, then the tag over all of it.</summary>
    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypt)
    {
        if (encrypt)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher.Transform(iv, packet[RtcpHeaderLength..length]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], encrypt ? index | 0x8000_0000u : index);
        int authenticatedLength = length + IndexWordLength;
        Span<byte> tag = stackalloc byte[20];
        ComputeRtcpTag(packet[..authenticatedLength], tag);
        tag[..TagLength].CopyTo(packet[authenticatedLength..]);
        return authenticatedLength + TagLength;
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - TagLength - IndexWordLength;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> expected = stackalloc byte[20];
        ComputeRtcpTag(packet[..authenticatedLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..TagLength], packet[authenticatedLength..]))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher.Transform(iv, packet[RtcpHeaderLength..(authenticatedLength - IndexWordLength)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>
    /// RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); the low 16 bits stay zero
    /// and count keystream blocks.
    /// </summary>
    internal static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt[..14].CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    private static IAesCounterMode CreateCipher(byte[] key, bool useHardwareIntrinsics) =>
        useHardwareIntrinsics && IntrinsicAes128.IsSupported ? new IntrinsicAes128(key) : new PlatformAesCounterMode(key);

    private void ComputeRtpTag(ReadOnlySpan<byte> authenticatedPortion, uint rolloverCounter, Span<byte> hmac)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpMac.AppendData(authenticatedPortion);
        _rtpMac.AppendData(roc);
        _rtpMac.TryGetHashAndReset(hmac, out _);
    }

    private void ComputeRtcpTag(ReadOnlySpan<byte> authenticatedPortion, Span<byte> hmac)
    {
        _rtcpMac.AppendData(authenticatedPortion);
        _rtcpMac.TryGetHashAndReset(hmac, out _);
    }
}
