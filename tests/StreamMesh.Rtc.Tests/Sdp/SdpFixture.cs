using System.Runtime.CompilerServices;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

/// <summary>
/// Loads the byte-exact SDP files under Sdp/Fixtures. They are found by walking up from the test binary to
/// the test project (so no copy-to-output item is needed), with the source path as a fallback.
/// </summary>
internal static class SdpFixture
{
    private static readonly Lazy<string> Directory = new(FindDirectory);

    public static string Load(string name) => File.ReadAllText(Path.Combine(Directory.Value, name));

    public static SessionDescription Parse(string name) => SessionDescription.Parse(Load(name));

    private static string FindDirectory()
    {
        string[] relative = [Path.Combine("Sdp", "Fixtures"), Path.Combine("tests", "StreamMesh.Rtc.Tests", "Sdp", "Fixtures")];
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in relative)
            {
                string path = Path.Combine(dir.FullName, candidate);
                if (File.Exists(Path.Combine(path, "chrome-whep-recvonly-offer.sdp")))
                {
                    return path;
                }
            }
        }

        string source = Path.Combine(Path.GetDirectoryName(SourcePath())!, "Fixtures");
        return System.IO.Directory.Exists(source)
            ? source
            : throw new DirectoryNotFoundException($"SDP fixtures not found above {AppContext.BaseDirectory}.");
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
