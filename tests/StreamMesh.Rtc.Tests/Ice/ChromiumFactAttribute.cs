namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// A fact that needs a real Chromium: skipped unless STREAMMESH_BROWSER_TESTS=1 and /usr/bin/chromium exists,
/// so the ordinary unit run stays fast and browser-free.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("STREAMMESH_BROWSER_TESTS") != "1" || !File.Exists(ChromiumPath))
        {
            Skip = "Set STREAMMESH_BROWSER_TESTS=1 (and install chromium) to run browser interop tests.";
        }
    }
}
