using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>
/// The page's own record of presented video frames: a <c>requestVideoFrameCallback</c> loop on the player's video
/// element keeps the page-clock time of every frame the browser presented. A freeze is the longest gap between two
/// presented frames; nothing is sampled from the test side, so the test's polling and Playwright round trips do not
/// enter the figure.
/// </summary>
internal static class FrameClock
{
    private const string Install = """
        () => {
          if (window.__frameClock) return true;
          const video = document.getElementById('video');
          if (!video || !('requestVideoFrameCallback' in HTMLVideoElement.prototype)) return false;
          const clock = { times: [] };
          window.__frameClock = clock;
          const onFrame = (now) => {
            clock.times.push(now);
            if (clock.times.length > 20000) clock.times.splice(0, 10000);
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
          return true;
        }
        """;

    /// <summary>Starts recording; false when the browser has no requestVideoFrameCallback.</summary>
    public static Task<bool> InstallAsync(IPage page) => page.EvaluateAsync<bool>(Install);

    /// <summary>The page clock now, ms (<c>performance.now()</c>, the clock the frame callbacks use).</summary>
    public static Task<double> NowAsync(IPage page) => page.EvaluateAsync<double>("() => performance.now()");

    /// <summary>Frames presented since <paramref name="mark"/>.</summary>
    public static Task<int> FramesSinceAsync(IPage page, double mark) =>
        page.EvaluateAsync<int>("(mark) => window.__frameClock.times.filter(t => t >= mark).length", mark);

    /// <summary>
    /// The longest gap between presented frames that ends after <paramref name="mark"/> (counting from the last frame
    /// before it; up to now when no frame came since), and when, relative to the mark, the frame ending it came.
    /// </summary>
    public static async Task<Freeze> LongestFreezeAfterAsync(IPage page, double mark)
    {
        var result = await page.EvaluateAsync<double[]>(
            """
            (mark) => {
              const times = window.__frameClock.times;
              let prev = null, longest = 0, endsAt = null;
              for (const t of times) {
                if (t < mark) { prev = t; continue; }
                if (prev !== null && t - prev > longest) { longest = t - prev; endsAt = t; }
                prev = t;
              }
              const now = performance.now();
              if (prev === null) return [now - mark, -1];
              if (now - prev > longest) return [now - prev, -1];
              return [longest, endsAt - mark];
            }
            """,
            mark).ConfigureAwait(false);
        return new Freeze(result[0], result[1] < 0 ? null : result[1]);
    }

    /// <param name="LongestGapMs">The longest time without a new frame on screen.</param>
    /// <param name="ResumedAfterMs">From the mark to the frame that ended that gap; null while it lasts.</param>
    internal sealed record Freeze(double LongestGapMs, double? ResumedAfterMs);
}
