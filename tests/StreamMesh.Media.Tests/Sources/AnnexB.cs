namespace StreamMesh.Media.Tests.Sources;

/// <summary>Test-side Annex B reader, written independently of the splitter under test.</summary>
internal static class AnnexB
{
    /// <summary>nal_unit_type (H.264 §7.3.1) of every NAL unit in <paramref name="data"/>, in order.</summary>
    public static List<int> NalTypes(ReadOnlySpan<byte> data)
    {
        var types = new List<int>();
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                types.Add(data[i + 3] & 0x1F);
                i += 2;
            }
        }

        return types;
    }

    /// <summary>Builds an Annex B NAL unit: 4-byte start code, header byte, payload.</summary>
    public static byte[] Nal(int type, params byte[] payload)
    {
        var nal = new byte[5 + payload.Length];
        nal[3] = 1;
        nal[4] = (byte)(0x60 | type);
        payload.CopyTo(nal, 5);
        return nal;
    }
}
