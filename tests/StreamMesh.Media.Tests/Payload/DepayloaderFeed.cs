using StreamMesh.Media.Payload;

namespace StreamMesh.Media.Tests.Payload;

/// <summary>Feeds recorded payloads to a depayloader and keeps copies of the frames it hands out.</summary>
internal sealed class DepayloaderFeed(IRtpDepayloader depayloader, ushort firstSequenceNumber = 0)
{
    public ushort NextSequenceNumber { get; set; } = firstSequenceNumber;

    public List<(byte[] Data, uint Timestamp, bool IsKeyframe)> Frames { get; } = [];

    public List<DepayloadStatus> Statuses { get; } = [];

    /// <summary>Pushes the payloads of one frame; indexes in <paramref name="lose"/> are skipped (their sequence numbers are consumed).</summary>
    public void PushFrame(IReadOnlyList<RecordedPayload> payloads, uint timestamp, params int[] lose)
    {
        for (int i = 0; i < payloads.Count; i++)
        {
            ushort sequenceNumber = NextSequenceNumber++;
            if (Array.IndexOf(lose, i) >= 0)
            {
                continue;
            }

            Push(payloads[i].Bytes, payloads[i].Marker, sequenceNumber, timestamp);
        }
    }

    public DepayloadStatus Push(byte[] payload, bool marker, ushort sequenceNumber, uint timestamp)
    {
        DepayloadStatus status = depayloader.Push(payload, marker, sequenceNumber, timestamp, out DepayloadedFrame frame);
        Statuses.Add(status);
        if (status == DepayloadStatus.FrameReady)
        {
            Frames.Add((frame.Data.ToArray(), frame.Timestamp, frame.IsKeyframe));
        }

        return status;
    }
}
