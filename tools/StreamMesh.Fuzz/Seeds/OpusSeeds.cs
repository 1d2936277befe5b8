namespace StreamMesh.Fuzz.Seeds;

/// <summary>Opus packets for every frame-count code (RFC 6716 §3.2): 0 one frame, 1 two equal, 2 two sized, 3 signalled count.</summary>
public static class OpusSeeds
{
    public static IReadOnlyList<byte[]> Packets()
    {
        var packets = new List<byte[]>();
        foreach (int config in new[] { 0, 3, 12, 15, 16, 19, 31 })
        {
            foreach (bool stereo in new[] { false, true })
            {
                byte toc = (byte)((config << 3) | (stereo ? 4 : 0));
                packets.Add([toc, .. Body(40)]);
                packets.Add([(byte)(toc | 1), .. Body(60)]);
                packets.Add([(byte)(toc | 2), 20, .. Body(50)]);
                packets.Add([(byte)(toc | 2), 252, 3, .. Body(270)]);
                packets.Add([(byte)(toc | 3), 0x03, .. Body(30)]); // CBR, 3 frames
                packets.Add([(byte)(toc | 3), 0x83, 10, 12, .. Body(40)]); // VBR, 3 frames
                packets.Add([(byte)(toc | 3), 0x42, 2, .. Body(20)]); // CBR with padding
            }
        }

        packets.Add([0xFC, 0xFF, 0xFE]); // DTX-like tiny packet
        return packets;
    }

    private static byte[] Body(int length)
    {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++)
        {
            body[i] = (byte)(i * 29 + 7);
        }

        return body;
    }
}
