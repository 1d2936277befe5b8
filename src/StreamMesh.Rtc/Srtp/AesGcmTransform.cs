using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM (RFC 7714): the RTP header is the associated data, the payload the plaintext,
/// and a 16-byte tag follows the ciphertext; SRTCP puts the E-flag/index word after the tag (§9.2).
/// </summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int TagLength = 16;
    private const int IndexWordLength = 4;
    private const int NonceLength = 12;
    private const int RtcpHeaderLength = 8;

    private readonly IAesGcmCipher _rtpCipher;
    private readonly IAesGcmCipher _rtcpCipher;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys keys, bool useHardwareIntrinsics)
    {
        _rtpCipher = CreateCipher(keys.RtpCipherKey, useHardwareIntrinsics);
        _rtcpCipher = CreateCipher(keys.RtcpCipherKey, useHardwareIntrinsics);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int RtpOverhead => TagLength;

    public override int RtcpOverhead => TagLength + IndexWordLength;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        _rtpCipher.Encrypt(nonce, packet[headerLength..length], packet.Slice(length, TagLength), packet[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int ciphertextEnd = packet.Length - TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        return _rtpCipher.Decrypt(nonce, packet[headerLength..ciphertextEnd], packet[ciphertextEnd..], packet[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypt)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, index, nonce);
        uint indexWord = encrypt ? index | 0x8000_0000u : index;
        int indexOffset = length + TagLength;

        if (encrypt)
        {
            // RFC 7714 §9.2: AAD = the first 8 octets || E-flag and SRTCP index.
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + IndexWordLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], indexWord);
            _rtcpCipher.Encrypt(nonce, packet[RtcpHeaderLength..length], packet.Slice(length, TagLength), aad);
        }
        else
        {
            // RFC 7714 §9.3: AAD = the whole packet || E-flag and SRTCP index, nothing encrypted. The word is
            // written right after the packet so the AAD is contiguous, then moved behind the tag.
            Span<byte> tag = stackalloc byte[TagLength];
            BinaryPrimitives.WriteUInt32BigEndian(packet[length..], indexWord);
            _rtcpCipher.Encrypt(nonce, [], tag, packet[..(length + IndexWordLength)]);
            tag.CopyTo(packet[length..]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[indexOffset..], indexWord);
        return indexOffset + IndexWordLength;
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - IndexWordLength;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int tagOffset = packet.Length - IndexWordLength - TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, index, nonce);
        Span<byte> indexWord = packet[(tagOffset + TagLength)..];

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + IndexWordLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            indexWord.CopyTo(aad[RtcpHeaderLength..]);
            return _rtcpCipher.Decrypt(nonce, packet[RtcpHeaderLength..tagOffset], packet.Slice(tagOffset, TagLength), aad);
        }

        // Unencrypted (RFC 7714 §9.3): move the index word in front of the tag for a contiguous AAD, then restore.
        Span<byte> tag = stackalloc byte[TagLength];
        Span<byte> word = stackalloc byte[IndexWordLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        indexWord.CopyTo(word);
        word.CopyTo(packet[tagOffset..]);
        bool verified = _rtcpCipher.Decrypt(nonce, [], tag, packet[..(tagOffset + IndexWordLength)]);
        tag.CopyTo(packet[tagOffset..]);
        word.CopyTo(packet[(tagOffset + TagLength)..]);
        return verified;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.</summary>
    internal static void BuildRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        ByteXor.InPlace(nonce[..NonceLength], salt);
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.</summary>
    internal static void BuildRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFF);
        ByteXor.InPlace(nonce[..NonceLength], salt);
    }

    private static IAesGcmCipher CreateCipher(byte[] key, bool useHardwareIntrinsics) =>
        useHardwareIntrinsics && IntrinsicAesGcm.IsSupported ? new IntrinsicAesGcm(key) : new PlatformAesGcm(key);
}
