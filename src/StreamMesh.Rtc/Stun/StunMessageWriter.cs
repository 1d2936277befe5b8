using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace StreamMesh.Rtc.Stun;

/// <summary>
/// Builds one STUN message (RFC 8489 §5) directly into a caller's span: the header is written by the
/// constructor, each Write* appends an attribute with zero padding to 32 bits and keeps the header
/// length current. MESSAGE-INTEGRITY and FINGERPRINT are computed over what is in the buffer at the
/// time they are written, so they must come last, in that order (RFC 8489 §14.5, §14.7).
/// </summary>
/// <remarks>
/// Writing past the end of the span throws <see cref="ArgumentException"/>: buffer sizes are chosen by
/// our own code, so running out is a programming error, not bad input. 548 bytes (the RFC 8489 §6.1
/// limit for messages that may be fragmented) is ample for any ICE message.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Writes the header for a message of the given class, method and transaction.</summary>
    public StunMessageWriter(Span<byte> buffer, StunMessageClass messageClass, StunMethod method, StunTransactionId transactionId)
    {
        if (buffer.Length < StunMessage.HeaderSize)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessage.EncodeType(messageClass, method));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.WriteTo(buffer.Slice(8, StunTransactionId.Length));
        _length = StunMessage.HeaderSize;
    }

    /// <summary>Bytes written so far, header included.</summary>
    public readonly int Length => _length;

    /// <summary>The message as written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>The underlying span (tests may alter padding before sealing the message).</summary>
    public readonly Span<byte> Buffer => _buffer;

    /// <summary>Appends an attribute with an arbitrary value, zero padded.</summary>
    public void WriteAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        Span<byte> destination = Append(type, value.Length);
        value.CopyTo(destination);
    }

    /// <summary>USERNAME (RFC 8489 §14.3), UTF-8 encoded; for ICE checks "remote-ufrag:local-ufrag".</summary>
    public void WriteUsername(ReadOnlySpan<char> username)
    {
        int byteCount = Encoding.UTF8.GetByteCount(username);
        Span<byte> destination = Append(StunAttributeType.Username, byteCount);
        Encoding.UTF8.GetBytes(username, destination);
    }

    /// <summary>USERNAME for a connectivity check: "<paramref name="remoteUfrag"/>:<paramref name="localUfrag"/>" (RFC 8445 §7.2.2).</summary>
    public void WriteIceUsername(ReadOnlySpan<char> remoteUfrag, ReadOnlySpan<char> localUfrag)
    {
        int byteCount = Encoding.UTF8.GetByteCount(remoteUfrag) + 1 + Encoding.UTF8.GetByteCount(localUfrag);
        Span<byte> destination = Append(StunAttributeType.Username, byteCount);
        int written = Encoding.UTF8.GetBytes(remoteUfrag, destination);
        destination[written++] = (byte)':';
        Encoding.UTF8.GetBytes(localUfrag, destination[written..]);
    }

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    public void WriteSoftware(ReadOnlySpan<char> software)
    {
        int byteCount = Encoding.UTF8.GetByteCount(software);
        Span<byte> destination = Append(StunAttributeType.Software, byteCount);
        Encoding.UTF8.GetBytes(software, destination);
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public void WritePriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Append(StunAttributeType.Priority, 4), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2), an attribute without value.</summary>
    public void WriteUseCandidate() => Append(StunAttributeType.UseCandidate, 0);

    /// <summary>ICE-CONTROLLING with the agent's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void WriteIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Append(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>ICE-CONTROLLED with the agent's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void WriteIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Append(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for an IPv4 or IPv6 endpoint.</summary>
    public void WriteXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> destination = Append(StunAttributeType.XorMappedAddress, StunAddressCodec.ValueSize(address));
        StunAddressCodec.Encode(new IPEndPoint(address, endPoint.Port), _buffer.Slice(4, 16), destination);
    }

    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1), for tests of legacy servers.</summary>
    public void WriteMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> destination = Append(StunAttributeType.MappedAddress, StunAddressCodec.ValueSize(endPoint.Address));
        StunAddressCodec.Encode(endPoint, default, destination);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8); <paramref name="reason"/> defaults to the standard phrase.</summary>
    public void WriteErrorCode(int code, string? reason = null)
    {
        if (code < 300 || code > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300-699.");
        }

        reason ??= StunErrorCodes.ReasonPhrase(code);
        int reasonBytes = Encoding.UTF8.GetByteCount(reason);
        Span<byte> destination = Append(StunAttributeType.ErrorCode, 4 + reasonBytes);
        destination[0] = 0;
        destination[1] = 0;
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, destination[4..]);
    }

    /// <summary>
    /// MESSAGE-INTEGRITY (RFC 8489 §14.5) with <paramref name="key"/> — for ICE, the UTF-8 password of
    /// the peer for requests we send, our own password for responses we send (RFC 8445 §7.2.2, §7.3).
    /// </summary>
    public void WriteMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int attribute = _length;
        Span<byte> value = Append(StunAttributeType.MessageIntegrity, StunMessageIntegrity.ValueSize);
        // Append already set the length to cover this attribute, which is what the HMAC input needs.
        StunMessageIntegrity.HashInPlace(_buffer[..attribute], key, value);
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7); must be the last attribute.</summary>
    public void WriteFingerprint()
    {
        int attribute = _length;
        Span<byte> value = Append(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_buffer, attribute));
    }

    private Span<byte> Append(StunAttributeType type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        int total = 4 + padded;
        if (valueLength > ushort.MaxValue || _length + total > _buffer.Length || _length + total - StunMessage.HeaderSize > ushort.MaxValue)
        {
            throw new ArgumentException("The STUN message does not fit in the buffer.");
        }

        Span<byte> attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderSize));
        return attribute.Slice(4, valueLength);
    }
}
