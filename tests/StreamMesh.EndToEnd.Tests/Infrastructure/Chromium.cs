using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven through Playwright with the flags WebRTC on loopback needs.</summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _userDataDir;

    private Chromium(IPlaywright playwright, IBrowserContext context, string userDataDir)
    {
        _playwright = playwright;
        Context = context;
        _userDataDir = userDataDir;
    }

    public IBrowserContext Context { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run tools/test.sh, which installs Debian's chromium.");
        }

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        var userDataDir = Directory.CreateTempSubdirectory("streammesh-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-loopback-in-peer-connection",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required",
            ],
        }).ConfigureAwait(false);
        return new Chromium(playwright, context, userDataDir);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync().ConfigureAwait(false);
        page.Console += (_, msg) => ConsoleLines.Enqueue($"[{msg.Type}] {msg.Text}");
        return page;
    }

    public System.Collections.Concurrent.ConcurrentQueue<string> ConsoleLines { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
        try
        {
            Directory.Delete(_userDataDir, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still hold a lock file for a moment; the temp folder is cleaned by the OS
        }
    }
}
