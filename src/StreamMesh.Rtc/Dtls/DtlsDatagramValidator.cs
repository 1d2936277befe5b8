using System.Buffers.Binary;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Cheap structural check of a datagram before it is queued for the DTLS engine: one or more
/// complete DTLSPlaintext/DTLSCiphertext records (RFC 6347 §4.1) and nothing else.
/// </summary>
internal static class DtlsDatagramValidator
{
    /// <summary>type(1) version(2) epoch(2) sequence_number(6) length(2) — RFC 6347 §4.1.</summary>
    public const int RecordHeaderLength = 13;

    /// <summary>RFC 6347 §4.1 (via RFC 5246 §6.2.3): a record's length MUST NOT exceed 2^14 + 2048.</summary>
    public const int MaxRecordBodyLength = 16384 + 2048;

    /// <summary>The largest datagram we accept: one maximal record.</summary>
    public const int MaxDatagramLength = RecordHeaderLength + MaxRecordBodyLength;

    // ContentType values a DTLS 1.2 peer may send: change_cipher_spec(20), alert(21), handshake(22),
    // application_data(23) (RFC 5246 §6.2.1) and heartbeat(24) (RFC 6520 §3).
    private const byte FirstContentType = 20;
    private const byte LastContentType = 24;

    // Every DTLS version (1.0 = {254,255}, 1.2 = {254,253}) has major byte 254 (RFC 6347 §4.1).
    private const byte DtlsMajorVersion = 254;

    /// <summary>Whether <paramref name="datagram"/> consists exactly of well-formed record headers and bodies.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < RecordHeaderLength || datagram.Length > MaxDatagramLength)
        {
            return false;
        }

        int offset = 0;
        while (offset < datagram.Length)
        {
            ReadOnlySpan<byte> rest = datagram[offset..];
            if (rest.Length < RecordHeaderLength
                || rest[0] is < FirstContentType or > LastContentType
                || rest[1] != DtlsMajorVersion)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(11, 2));
            if (length > MaxRecordBodyLength || RecordHeaderLength + length > rest.Length)
            {
                return false;
            }

            offset += RecordHeaderLength + length;
        }

        return true;
    }
}
