namespace StreamMesh.Rtc.Net;

/// <summary>The live counters behind <see cref="UdpMuxCounters"/>; updated with Interlocked.</summary>
internal sealed class UdpMuxCounterSet
{
    public long DatagramsReceived;
    public long BytesReceived;
    public long DatagramsSent;
    public long BytesSent;
    public long StunReceived;
    public long DtlsReceived;
    public long RtpReceived;
    public long RtcpReceived;
    public long DroppedMalformed;
    public long DroppedUnroutable;
    public long DroppedUnauthenticated;
    public long DroppedByOutboundLoss;
    public long DroppedByInboundLoss;
    public long SendErrors;
    public long ReceiveErrors;
    public long EndPointRebinds;
    public long BatchSystemCalls;
    public long SegmentedMessages;
    public long SegmentedDatagrams;
    public long SegmentationRejected;

    public UdpMuxCounters Snapshot() => new()
    {
        DatagramsReceived = Interlocked.Read(ref DatagramsReceived),
        BytesReceived = Interlocked.Read(ref BytesReceived),
        DatagramsSent = Interlocked.Read(ref DatagramsSent),
        BytesSent = Interlocked.Read(ref BytesSent),
        StunReceived = Interlocked.Read(ref StunReceived),
        DtlsReceived = Interlocked.Read(ref DtlsReceived),
        RtpReceived = Interlocked.Read(ref RtpReceived),
        RtcpReceived = Interlocked.Read(ref RtcpReceived),
        DroppedMalformed = Interlocked.Read(ref DroppedMalformed),
        DroppedUnroutable = Interlocked.Read(ref DroppedUnroutable),
        DroppedUnauthenticated = Interlocked.Read(ref DroppedUnauthenticated),
        DroppedByOutboundLoss = Interlocked.Read(ref DroppedByOutboundLoss),
        DroppedByInboundLoss = Interlocked.Read(ref DroppedByInboundLoss),
        SendErrors = Interlocked.Read(ref SendErrors),
        ReceiveErrors = Interlocked.Read(ref ReceiveErrors),
        EndPointRebinds = Interlocked.Read(ref EndPointRebinds),
        BatchSystemCalls = Interlocked.Read(ref BatchSystemCalls),
        SegmentedMessages = Interlocked.Read(ref SegmentedMessages),
        SegmentedDatagrams = Interlocked.Read(ref SegmentedDatagrams),
        SegmentationRejected = Interlocked.Read(ref SegmentationRejected),
    };
}
