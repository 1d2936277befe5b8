using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace StreamMesh.Rtc.Stun;

/// <summary>
/// A parsed view over one STUN message (RFC 8489 §5, §14) in a caller's buffer. Parsing records where
/// the attributes ICE needs are and allocates nothing; the view is only valid while the buffer is.
/// </summary>
/// <remarks>
/// Rules applied by <see cref="TryParse"/>: the two top bits are zero, the magic cookie matches, the
/// length is a multiple of 4 and equals the datagram size minus the header, every attribute fits with
/// its 32-bit padding (padding bytes may hold anything), fixed-size attributes have their size, FINGERPRINT
/// is last and matches. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored
/// (RFC 8489 §14.5). The first occurrence of a repeated attribute wins (RFC 8489 §14). Unknown
/// attributes are skipped; answering 420 for unknown comprehension-required ones is left to the
/// receiver's policy.
/// </remarks>
public readonly ref struct StunMessage
{
    /// <summary>Size of the STUN header.</summary>
    public const int HeaderSize = 20;

    /// <summary>The fixed magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _username;          // value offset, 0 = absent (the header occupies 0..19)
    private readonly int _usernameLength;
    private readonly int _integrity;         // attribute offset
    private readonly int _fingerprint;       // attribute offset
    private readonly int _xorMappedAddress;
    private readonly int _xorMappedAddressLength;
    private readonly int _mappedAddress;
    private readonly int _mappedAddressLength;
    private readonly int _priority;
    private readonly int _iceControlling;
    private readonly int _iceControlled;
    private readonly int _errorCode;
    private readonly int _errorCodeLength;
    private readonly bool _useCandidate;

    private StunMessage(ReadOnlySpan<byte> buffer, scoped in Offsets o)
    {
        _buffer = buffer;
        _username = o.Username;
        _usernameLength = o.UsernameLength;
        _integrity = o.Integrity;
        _fingerprint = o.Fingerprint;
        _xorMappedAddress = o.XorMappedAddress;
        _xorMappedAddressLength = o.XorMappedAddressLength;
        _mappedAddress = o.MappedAddress;
        _mappedAddressLength = o.MappedAddressLength;
        _priority = o.Priority;
        _iceControlling = o.IceControlling;
        _iceControlled = o.IceControlled;
        _errorCode = o.ErrorCode;
        _errorCodeLength = o.ErrorCodeLength;
        _useCandidate = o.UseCandidate;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Request, indication, success or error response.</summary>
    public StunMessageClass Class => DecodeClass(BinaryPrimitives.ReadUInt16BigEndian(_buffer));

    /// <summary>The method (Binding for ICE).</summary>
    public StunMethod Method => (StunMethod)DecodeMethod(BinaryPrimitives.ReadUInt16BigEndian(_buffer));

    /// <summary>The 96-bit transaction ID.</summary>
    public StunTransactionId TransactionId => StunTransactionId.Read(_buffer.Slice(8, StunTransactionId.Length));

    /// <summary>Whether USERNAME is present.</summary>
    public bool HasUsername => _username != 0;

    /// <summary>The raw USERNAME bytes (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Username => _username == 0 ? default : _buffer.Slice(_username, _usernameLength);

    /// <summary>Whether MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _integrity != 0;

    /// <summary>Whether a (valid — it was checked while parsing) FINGERPRINT is present.</summary>
    public bool HasFingerprint => _fingerprint != 0;

    /// <summary>Whether USE-CANDIDATE is present (RFC 8445 §7.1.2).</summary>
    public bool HasUseCandidate => _useCandidate;

    /// <summary>
    /// The part of USERNAME before the first ':' — for a connectivity check, the ufrag of the agent
    /// receiving it (RFC 8445 §7.2.2). The whole USERNAME when it has no colon.
    /// </summary>
    public ReadOnlySpan<byte> UsernameLocalPart
    {
        get
        {
            ReadOnlySpan<byte> username = Username;
            int colon = username.IndexOf((byte)':');
            return colon < 0 ? username : username[..colon];
        }
    }

    /// <summary>
    /// Parses <paramref name="datagram"/>, which must be exactly one STUN message (UDP framing).
    /// Never throws; anything but <see cref="StunParseResult.Ok"/> leaves <paramref name="message"/> default.
    /// </summary>
    public static StunParseResult TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < HeaderSize)
        {
            return StunParseResult.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0)
        {
            return StunParseResult.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return StunParseResult.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || HeaderSize + length != datagram.Length)
        {
            return StunParseResult.BadLength;
        }

        var offsets = default(Offsets);
        int offset = HeaderSize;
        int end = datagram.Length;
        while (offset < end)
        {
            if (offsets.Fingerprint != 0)
            {
                // RFC 8489 §14.7: FINGERPRINT is always the last attribute.
                return StunParseResult.BadFingerprint;
            }

            if (end - offset < 4)
            {
                return StunParseResult.BadAttribute;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            int value = offset + 4;
            int padded = (valueLength + 3) & ~3;
            if (padded > end - value)
            {
                return StunParseResult.BadAttribute;
            }

            if (!offsets.Record(type, offset, value, valueLength))
            {
                return StunParseResult.BadAttribute;
            }

            offset = value + padded;
        }

        if (offsets.Fingerprint != 0)
        {
            uint received = BinaryPrimitives.ReadUInt32BigEndian(datagram[(offsets.Fingerprint + 4)..]);
            if (received != StunFingerprint.Compute(datagram, offsets.Fingerprint))
            {
                return StunParseResult.BadFingerprint;
            }
        }

        message = new StunMessage(datagram, offsets);
        return StunParseResult.Ok;
    }

    /// <summary>
    /// Cheap pre-check used by demultiplexers: the header is plausible (length, top bits, cookie).
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderSize
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY with <paramref name="key"/> (for ICE, the UTF-8 password of the
    /// agent that receives a request, or of the agent that sent a response). False when absent.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        _integrity != 0 && StunMessageIntegrity.Verify(_buffer, _integrity, key);

    /// <summary>Reads PRIORITY (RFC 8445 §7.1.1).</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = _priority == 0 ? 0 : BinaryPrimitives.ReadUInt32BigEndian(_buffer[_priority..]);
        return _priority != 0;
    }

    /// <summary>Reads the tie-breaker of ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlling(out ulong tieBreaker)
    {
        tieBreaker = _iceControlling == 0 ? 0 : BinaryPrimitives.ReadUInt64BigEndian(_buffer[_iceControlling..]);
        return _iceControlling != 0;
    }

    /// <summary>Reads the tie-breaker of ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlled(out ulong tieBreaker)
    {
        tieBreaker = _iceControlled == 0 ? 0 : BinaryPrimitives.ReadUInt64BigEndian(_buffer[_iceControlled..]);
        return _iceControlled != 0;
    }

    /// <summary>Reads ERROR-CODE (RFC 8489 §14.8) as class * 100 + number, e.g. 487.</summary>
    public bool TryGetErrorCode(out int code)
    {
        code = 0;
        if (_errorCode == 0)
        {
            return false;
        }

        int errorClass = _buffer[_errorCode + 2] & 0x07;
        int number = _buffer[_errorCode + 3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        return true;
    }

    /// <summary>The reason phrase of ERROR-CODE, decoded (allocates; diagnostics only).</summary>
    public string? GetErrorReason() =>
        _errorCode == 0 ? null : Encoding.UTF8.GetString(_buffer.Slice(_errorCode + 4, _errorCodeLength - 4));

    /// <summary>Reads XOR-MAPPED-ADDRESS (RFC 8489 §14.2), IPv4 or IPv6.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return _xorMappedAddress != 0
            && StunAddressCodec.TryDecode(_buffer.Slice(_xorMappedAddress, _xorMappedAddressLength), _buffer.Slice(4, 16), out endPoint);
    }

    /// <summary>Reads MAPPED-ADDRESS (RFC 8489 §14.1), sent by RFC 3489-era servers.</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return _mappedAddress != 0
            && StunAddressCodec.TryDecode(_buffer.Slice(_mappedAddress, _mappedAddressLength), default, out endPoint);
    }

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/> before MESSAGE-INTEGRITY (or FINGERPRINT /
    /// MESSAGE-INTEGRITY themselves) by scanning; for attributes the parser does not index.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        value = default;
        int offset = HeaderSize;
        bool afterIntegrity = false;
        while (offset + 4 <= _buffer.Length)
        {
            var current = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_buffer[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer[(offset + 2)..]);
            bool visible = !afterIntegrity || current == StunAttributeType.Fingerprint;
            if (current == type && visible)
            {
                value = _buffer.Slice(offset + 4, length);
                return true;
            }

            afterIntegrity |= current == StunAttributeType.MessageIntegrity;
            offset += 4 + ((length + 3) & ~3);
        }

        return false;
    }

    /// <summary>Encodes class and method into the 14-bit message type (RFC 8489 §5, figure 3).</summary>
    internal static ushort EncodeType(StunMessageClass messageClass, StunMethod method)
    {
        int m = (int)method;
        int c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    private static StunMessageClass DecodeClass(ushort type) =>
        (StunMessageClass)(((type >> 4) & 1) | ((type >> 7) & 2));

    private static int DecodeMethod(ushort type) =>
        (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);

    /// <summary>Attribute positions collected while parsing.</summary>
    private struct Offsets
    {
        public int Username;
        public int UsernameLength;
        public int Integrity;
        public int Fingerprint;
        public int XorMappedAddress;
        public int XorMappedAddressLength;
        public int MappedAddress;
        public int MappedAddressLength;
        public int Priority;
        public int IceControlling;
        public int IceControlled;
        public int ErrorCode;
        public int ErrorCodeLength;
        public bool UseCandidate;

        /// <summary>False when a fixed-size attribute has the wrong size.</summary>
        public bool Record(StunAttributeType type, int attribute, int value, int length)
        {
            if (type == StunAttributeType.Fingerprint)
            {
                Fingerprint = attribute;
                return length == 4;
            }

            if (Integrity != 0)
            {
                // RFC 8489 §14.5: anything but FINGERPRINT after MESSAGE-INTEGRITY is ignored.
                return true;
            }

            switch (type)
            {
                case StunAttributeType.MessageIntegrity:
                    Integrity = attribute;
                    return length == StunMessageIntegrity.ValueSize;
                case StunAttributeType.Username when Username == 0:
                    Username = value;
                    UsernameLength = length;
                    return true;
                case StunAttributeType.XorMappedAddress when XorMappedAddress == 0:
                    XorMappedAddress = value;
                    XorMappedAddressLength = length;
                    return true;
                case StunAttributeType.MappedAddress when MappedAddress == 0:
                    MappedAddress = value;
                    MappedAddressLength = length;
                    return true;
                case StunAttributeType.Priority:
                    Priority = Priority == 0 ? value : Priority;
                    return length == 4;
                case StunAttributeType.IceControlling:
                    IceControlling = IceControlling == 0 ? value : IceControlling;
                    return length == 8;
                case StunAttributeType.IceControlled:
                    IceControlled = IceControlled == 0 ? value : IceControlled;
                    return length == 8;
                case StunAttributeType.UseCandidate:
                    UseCandidate = true;
                    return length == 0;
                case StunAttributeType.ErrorCode when ErrorCode == 0:
                    ErrorCode = value;
                    ErrorCodeLength = length;
                    return length >= 4;
                default:
                    return true;
            }
        }
    }
}
