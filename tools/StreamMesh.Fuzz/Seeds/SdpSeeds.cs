using System.Reflection;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>The browser SDP captures under tests/StreamMesh.Rtc.Tests/Sdp/Fixtures, embedded at build time.</summary>
public static class SdpSeeds
{
    public static IReadOnlyList<byte[]> Load()
    {
        Assembly assembly = typeof(SdpSeeds).Assembly;
        var seeds = new List<byte[]>();
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("sdp/", StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            seeds.Add(copy.ToArray());
        }

        return seeds.Count > 0 ? seeds : throw new InvalidOperationException("No SDP fixtures were embedded.");
    }

    /// <summary>Candidate lines taken from the fixtures (a=candidate:...), without the "a=" prefix.</summary>
    public static IReadOnlyList<string> AttributeValues(string attribute)
    {
        var values = new List<string>();
        string prefix = "a=" + attribute;
        foreach (byte[] sdp in Load())
        {
            foreach (string line in System.Text.Encoding.UTF8.GetString(sdp).Split('\n'))
            {
                string trimmed = line.TrimEnd('\r');
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
                {
                    values.Add(trimmed[2..]);
                }
            }
        }

        return values;
    }
}
