using System.Buffers.Binary;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>Hand-built DTLS 1.2 datagrams: one or more records with a 13-byte header each (RFC 6347 §4.1).</summary>
public static class DtlsRecordSeeds
{
    public static IReadOnlyList<byte[]> Synthetic() =>
    [
        Record(22, epoch: 0, sequence: 0, body: HandshakeFragment(msgType: 1, length: 40, fragmentLength: 40)),
        Record(22, epoch: 0, sequence: 1, body: HandshakeFragment(msgType: 11, length: 900, fragmentLength: 100)),
        [.. Record(20, 0, 5, [1]), .. Record(22, 1, 0, new byte[48])],
        Record(21, epoch: 1, sequence: 7, body: new byte[26]),
        Record(23, epoch: 1, sequence: 9, body: new byte[64]),
        Record(24, epoch: 1, sequence: 10, body: [1, 0, 16, .. new byte[32]]),
    ];

    /// <summary>type(1) version {254,253}(2) epoch(2) sequence_number(6) length(2) body.</summary>
    public static byte[] Record(byte contentType, ushort epoch, long sequence, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] record = new byte[13 + body.Length];
        record[0] = contentType;
        record[1] = 254;
        record[2] = 253;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), epoch);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(5), (ushort)(sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(7), (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)body.Length);
        body.CopyTo(record, 13);
        return record;
    }

    // msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3) — RFC 6347 §4.2.2.
    private static byte[] HandshakeFragment(byte msgType, int length, int fragmentLength)
    {
        byte[] fragment = new byte[12 + fragmentLength];
        fragment[0] = msgType;
        fragment[1] = (byte)(length >> 16);
        fragment[2] = (byte)(length >> 8);
        fragment[3] = (byte)length;
        fragment[9] = (byte)(fragmentLength >> 16);
        fragment[10] = (byte)(fragmentLength >> 8);
        fragment[11] = (byte)fragmentLength;
        return fragment;
    }
}
