using StreamMesh.Fuzz.Targets;
using StreamMesh.Media.Payload;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>Collects what a payloader emits as depayloader seed packets (control byte + payload).</summary>
public sealed class PayloadRecorder : IRtpPayloadSink
{
    private bool _frameStart = true;

    public List<byte[]> Packets { get; } = [];

    public void OnPayload(ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadBody, bool marker)
    {
        Packets.Add(DepayloaderTarget.Packet([.. payloadHeader, .. payloadBody], marker, _frameStart));
        _frameStart = marker;
    }
}
