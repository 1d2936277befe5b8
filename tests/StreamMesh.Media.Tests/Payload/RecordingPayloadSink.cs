using StreamMesh.Media.Payload;

namespace StreamMesh.Media.Tests.Payload;

/// <summary>Collects every payload (header and body joined) with its marker, and numbers them like an RTP sender would.</summary>
internal sealed class RecordingPayloadSink : IRtpPayloadSink
{
    public List<RecordedPayload> Payloads { get; } = [];

    public void OnPayload(ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadBody, bool marker)
    {
        var bytes = new byte[payloadHeader.Length + payloadBody.Length];
        payloadHeader.CopyTo(bytes);
        payloadBody.CopyTo(bytes.AsSpan(payloadHeader.Length));
        Payloads.Add(new RecordedPayload(bytes, marker));
    }
}

/// <summary>One payload as the RTP layer would send it.</summary>
internal sealed record RecordedPayload(byte[] Bytes, bool Marker);
