using System.Buffers.Binary;
using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Tests.Streams;

/// <summary>The tracks, packets and waiting the stream and fan-out tests share.</summary>
internal static class StreamTestPackets
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    public static readonly StreamTrack Video = new(MediaKind.Video, "H264", 90_000, 0, 0x1111, 0x2222, 102);
    public static readonly StreamTrack Audio = new(MediaKind.Audio, "opus", 48_000, 2, 0x3333, 0, 111);

    /// <summary>An RTP packet of the video track (payload type 102, SSRC 0x1111) with this sequence number.</summary>
    public static byte[] Rtp(ushort sequenceNumber, int length = 200)
    {
        var packet = new byte[length];
        packet[0] = 0x80;
        packet[1] = 102;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1111);
        return packet;
    }

    /// <summary>Waits until the send workers have made <paramref name="condition"/> true; fails after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }
}
