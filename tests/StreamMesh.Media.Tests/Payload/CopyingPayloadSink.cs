using StreamMesh.Media.Payload;

namespace StreamMesh.Media.Tests.Payload;

/// <summary>
/// A non-allocating sink that behaves like a real sender: copies header and body into one reused
/// packet buffer and hands it to a depayloader with consecutive sequence numbers.
/// </summary>
internal sealed class CopyingPayloadSink : IRtpPayloadSink
{
    private readonly byte[] _packet = new byte[70_000];
    private readonly IRtpDepayloader? _depayloader;

    public CopyingPayloadSink(IRtpDepayloader? depayloader = null) => _depayloader = depayloader;

    public ushort SequenceNumber { get; set; }

    public uint Timestamp { get; set; }

    public int Packets { get; private set; }

    public int FramesReady { get; private set; }

    public long FrameBytes { get; private set; }

    public void OnPayload(ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadBody, bool marker)
    {
        payloadHeader.CopyTo(_packet);
        payloadBody.CopyTo(_packet.AsSpan(payloadHeader.Length));
        int length = payloadHeader.Length + payloadBody.Length;
        Packets++;
        if (_depayloader is not null
            && _depayloader.Push(_packet.AsSpan(0, length), marker, SequenceNumber, Timestamp, out DepayloadedFrame frame) == DepayloadStatus.FrameReady)
        {
            FramesReady++;
            FrameBytes += frame.Data.Length;
        }

        SequenceNumber++;
    }
}
