using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Watches the player's decoded-frame counter from inside the page every 20 ms (no round trip to the test per sample),
/// keeping the page-clock time of each increase. A healing stall is the longest gap between two increases after a mark.
/// </summary>
internal static class FrameProgressProbe
{
    private const string Install = """
        () => {
          if (window.__frameProgress) return;
          const progress = { times: [], last: -1 };
          window.__frameProgress = progress;
          setInterval(async () => {
            const session = window.streammesh;
            if (!session || !session.pc) return;
            const report = await session.pc.getStats();
            report.forEach((s) => {
              if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
              const frames = s.framesDecoded || 0;
              if (frames > progress.last) {
                progress.last = frames;
                progress.times.push(performance.now());
                if (progress.times.length > 20000) progress.times.splice(0, 10000);
              }
            });
          }, 20);
        }
        """;

    public static Task InstallAsync(IPage page) => page.EvaluateAsync(Install);

    /// <summary>The page clock now, ms: the mark a stall is measured from.</summary>
    public static Task<double> MarkAsync(IPage page) => page.EvaluateAsync<double>("() => performance.now()");

    /// <summary>Longest gap between frame progress times after <paramref name="mark"/>, counting from the last progress before it and up to now.</summary>
    public static Task<double> LongestGapAfterAsync(IPage page, double mark) => page.EvaluateAsync<double>(
        """
        (mark) => {
          const t = window.__frameProgress.times;
          let prev = null, longest = 0;
          for (const x of t) {
            if (x < mark) { prev = x; continue; }
            if (prev !== null) longest = Math.max(longest, x - prev);
            prev = x;
          }
          return prev === null ? performance.now() - mark : Math.max(longest, performance.now() - prev);
        }
        """,
        mark);

    /// <summary>Frame progress events after <paramref name="mark"/>.</summary>
    public static Task<int> ProgressSinceAsync(IPage page, double mark) =>
        page.EvaluateAsync<int>("(mark) => window.__frameProgress.times.filter(x => x >= mark).length", mark);
}
