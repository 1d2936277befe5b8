using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Watches the player's inbound video from inside the page every 20 ms (no round trip to the test per sample): the
/// page-clock times at which video packets arrived (<c>packetsReceived</c> grew) and at which frames were decoded
/// (<c>framesDecoded</c> grew). A healing stall is the longest gap between two such times after a mark.
/// </summary>
internal static class FrameProgressProbe
{
    private const string Install = """
        () => {
          if (window.__progress) return;
          const progress = { arrived: [], decoded: [], packets: -1, frames: -1 };
          window.__progress = progress;
          const keep = (list, t) => { list.push(t); if (list.length > 20000) list.splice(0, 10000); };
          setInterval(async () => {
            const session = window.streammesh;
            if (!session || !session.pc) return;
            const report = await session.pc.getStats();
            const now = performance.now();
            report.forEach((s) => {
              if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
              if ((s.packetsReceived || 0) > progress.packets) { progress.packets = s.packetsReceived || 0; keep(progress.arrived, now); }
              if ((s.framesDecoded || 0) > progress.frames) { progress.frames = s.framesDecoded || 0; keep(progress.decoded, now); }
            });
          }, 20);
        }
        """;

    public static Task InstallAsync(IPage page) => page.EvaluateAsync(Install);

    /// <summary>The page clock now, ms: the mark a stall is measured from.</summary>
    public static Task<double> MarkAsync(IPage page) => page.EvaluateAsync<double>("() => performance.now()");

    /// <summary>
    /// Longest gap between progress times of <paramref name="series"/> ("arrived" or "decoded") after
    /// <paramref name="mark"/>, counting from the last progress before it and up to now.
    /// </summary>
    public static Task<double> LongestGapAfterAsync(IPage page, string series, double mark) => page.EvaluateAsync<double>(
        """
        ([series, mark]) => {
          const t = window.__progress[series];
          let prev = null, longest = 0;
          for (const x of t) {
            if (x < mark) { prev = x; continue; }
            if (prev !== null) longest = Math.max(longest, x - prev);
            prev = x;
          }
          return prev === null ? performance.now() - mark : Math.max(longest, performance.now() - prev);
        }
        """,
        new object[] { series, mark });

    /// <summary>Decoded-frame progress events after <paramref name="mark"/>.</summary>
    public static Task<int> ProgressSinceAsync(IPage page, double mark) =>
        page.EvaluateAsync<int>("(mark) => window.__progress.decoded.filter(x => x >= mark).length", mark);
}
