using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>Saves browser screenshots under artifacts/screenshots/ at the repository root (kept by CI as test artifacts).</summary>
internal static class Screenshots
{
    public static string Directory { get; } = Locate();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path }).ConfigureAwait(false);
        return path;
    }

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamMesh.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? Path.GetTempPath();
        var path = Path.Combine(root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
