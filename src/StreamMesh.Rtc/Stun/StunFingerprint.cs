namespace StreamMesh.Rtc.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, xor 0x5354554E ("STUN"),
/// which lets the RFC 7983 demultiplexer tell STUN from other protocols with confidence.
/// </summary>
internal static class StunFingerprint
{
    /// <summary>Size of the attribute on the wire.</summary>
    public const int AttributeSize = 8;

    private const uint XorValue = 0x5354554E;

    /// <summary>
    /// The value for a message whose FINGERPRINT attribute starts at <paramref name="attributeOffset"/>.
    /// The header length field must already count the attribute (it is the last one).
    /// </summary>
    public static uint Compute(ReadOnlySpan<byte> message, int attributeOffset) =>
        StunCrc32.Compute(message[..attributeOffset]) ^ XorValue;
}
