using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
/// header length field set as if MESSAGE-INTEGRITY were the last attribute. For ICE the key is the
/// short-term credential, the UTF-8 bytes of the ICE password (RFC 8445 §7.2.2, RFC 8489 §9.1.1).
/// </summary>
internal static class StunMessageIntegrity
{
    /// <summary>Size of the attribute on the wire: 4-byte header and 20-byte HMAC.</summary>
    public const int AttributeSize = 24;

    /// <summary>Size of the HMAC-SHA1 value.</summary>
    public const int ValueSize = 20;

    private const int StackLimit = 1024;

    /// <summary>
    /// Computes the HMAC for a message whose MESSAGE-INTEGRITY attribute starts at
    /// <paramref name="attributeOffset"/>. <paramref name="message"/> is not modified: the prefix is
    /// copied so that the adjusted length can be patched in.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
        byte[]? rented = null;
        Span<byte> scratch = attributeOffset <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        try
        {
            Span<byte> prefix = scratch[..attributeOffset];
            message[..attributeOffset].CopyTo(prefix);
            // RFC 8489 §14.5: the length covers everything up to and including MESSAGE-INTEGRITY,
            // whatever follows it (FINGERPRINT) is excluded.
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)(attributeOffset + AttributeSize - StunMessage.HeaderSize));
            HashInPlace(prefix, key, hmac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Computes the HMAC over <paramref name="prefixWithAdjustedLength"/> as is; the caller (the
    /// writer) has already set the header length to include the attribute about to be written.
    /// </summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 8489 §14.5 mandates HMAC-SHA1 for MESSAGE-INTEGRITY; browsers send and expect it.")]
    public static void HashInPlace(ReadOnlySpan<byte> prefixWithAdjustedLength, ReadOnlySpan<byte> key, Span<byte> hmac) =>
        HMACSHA1.HashData(key, prefixWithAdjustedLength, hmac);

    /// <summary>Constant-time comparison of the received value against the computed one.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key)
    {
        Span<byte> expected = stackalloc byte[ValueSize];
        Compute(message, attributeOffset, key, expected);
        ReadOnlySpan<byte> received = message.Slice(attributeOffset + 4, ValueSize);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
