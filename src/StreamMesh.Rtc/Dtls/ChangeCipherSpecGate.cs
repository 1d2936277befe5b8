using System.Buffers.Binary;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Server-side guard against a BouncyCastle record-layer weakness: once the pending cipher exists
/// (after ClientKeyExchange) BouncyCastle switches its read epoch on any ChangeCipherSpec, even when
/// the CertificateVerify sent before it was lost. Every later epoch-0 record — including the
/// retransmitted CertificateVerify — is then discarded and the handshake can only time out.
/// Peers that put CertificateVerify and ChangeCipherSpec in separate datagrams (BouncyCastle, OpenSSL)
/// hit this under loss. The gate removes an epoch-0 ChangeCipherSpec record from a datagram until
/// the client's CertificateVerify (always sent in WebRTC, RFC 8827 §6.5) has been delivered in full;
/// the client's retransmission of its flight (RFC 6347 §4.2.4) brings the ChangeCipherSpec again.
/// </summary>
internal sealed class ChangeCipherSpecGate
{
    private const byte ChangeCipherSpecType = 20;  // RFC 5246 §6.2.1
    private const byte HandshakeType = 22;
    private const byte CertificateVerifyType = 15; // RFC 5246 §7.4
    private const int HandshakeHeaderLength = 12;  // RFC 6347 §4.2.2: type, length, message_seq, offset, fragment length
    private const int MaxTrackedLength = 1 << 16;

    private byte[]? _covered;
    private int _coveredBytes;
    private int _messageLength = -1;
    private bool _complete;

    /// <summary>Whether the peer's CertificateVerify has been delivered completely.</summary>
    public bool CertificateVerifyComplete => _complete;

    /// <summary>
    /// Scans the records of <paramref name="datagram"/> (already framing-checked) in order and
    /// compacts away any epoch-0 ChangeCipherSpec that arrives before a complete CertificateVerify.
    /// Returns the new length.
    /// </summary>
    public int Filter(Span<byte> datagram)
    {
        int read = 0;
        int write = 0;
        while (read + DtlsDatagramValidator.RecordHeaderLength <= datagram.Length)
        {
            int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(read + 11, 2));
            int recordLength = DtlsDatagramValidator.RecordHeaderLength + bodyLength;
            if (read + recordLength > datagram.Length)
            {
                break;
            }

            Span<byte> record = datagram.Slice(read, recordLength);
            bool epochZero = record[3] == 0 && record[4] == 0;
            bool keep = true;
            if (epochZero && record[0] == HandshakeType)
            {
                Observe(record[DtlsDatagramValidator.RecordHeaderLength..]);
            }
            else if (epochZero && record[0] == ChangeCipherSpecType)
            {
                keep = _complete;
            }

            if (keep)
            {
                if (write != read)
                {
                    record.CopyTo(datagram[write..]);
                }

                write += recordLength;
            }

            read += recordLength;
        }

        return write;
    }

    private void Observe(ReadOnlySpan<byte> fragments)
    {
        while (!_complete && fragments.Length >= HandshakeHeaderLength)
        {
            byte type = fragments[0];
            int length = ReadUInt24(fragments[1..]);
            int offset = ReadUInt24(fragments[6..]);
            int fragmentLength = ReadUInt24(fragments[9..]);
            if (HandshakeHeaderLength + fragmentLength > fragments.Length || offset + fragmentLength > length)
            {
                return;
            }

            if (type == CertificateVerifyType)
            {
                Cover(length, offset, fragmentLength);
            }

            fragments = fragments[(HandshakeHeaderLength + fragmentLength)..];
        }
    }

    private void Cover(int length, int offset, int fragmentLength)
    {
        if (length > MaxTrackedLength)
        {
            // Not a plausible signature; let BouncyCastle decide what to make of it.
            _complete = true;
            return;
        }

        if (_messageLength != length)
        {
            _messageLength = length;
            _covered = new byte[length];
            _coveredBytes = 0;
        }

        for (int i = offset; i < offset + fragmentLength; i++)
        {
            if (_covered![i] == 0)
            {
                _covered[i] = 1;
                _coveredBytes++;
            }
        }

        _complete = _coveredBytes == _messageLength;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}
