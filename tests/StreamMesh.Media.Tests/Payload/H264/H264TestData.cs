namespace StreamMesh.Media.Tests.Payload.H264;

/// <summary>Builds synthetic H.264 NAL units and Annex B access units for tests.</summary>
internal static class H264TestData
{
    // A Baseline-profile level 3.1 SPS and its PPS; contents matter only as opaque bytes here.
    public static readonly byte[] Sps = Hex.Parse("67 42 C0 1F 8C 8D 40");
    public static readonly byte[] Pps = Hex.Parse("68 CE 3C 80");

    /// <summary>A NAL unit of <paramref name="length"/> bytes: header (F=0, NRI, type) then non-zero body bytes, so no start code can appear inside.</summary>
    public static byte[] Nal(int type, int length, int nri = 3, int seed = 1)
    {
        var nal = new byte[length];
        nal[0] = (byte)((nri << 5) | type);
        var random = new Random(seed);
        for (int i = 1; i < length; i++)
        {
            nal[i] = (byte)random.Next(1, 256);
        }

        return nal;
    }

    /// <summary>Joins NAL units into Annex B, with 4-byte start codes unless <paramref name="shortStartCodes"/>.</summary>
    public static byte[] AnnexB(IEnumerable<byte[]> nals, bool shortStartCodes = false)
    {
        var stream = new List<byte>();
        foreach (byte[] nal in nals)
        {
            stream.AddRange(shortStartCodes ? [0, 0, 1] : [0, 0, 0, 1]);
            stream.AddRange(nal);
        }

        return [.. stream];
    }

    public static byte[] AnnexB(params byte[][] nals) => AnnexB((IEnumerable<byte[]>)nals);
}
