using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>What the tracker-mode player shows: its overlay values and attachment state (window.streammesh).</summary>
internal sealed record PlayerState
{
    [JsonPropertyName("mode")] public string? Mode { get; init; }

    [JsonPropertyName("peerId")] public string? PeerId { get; init; }

    [JsonPropertyName("parentId")] public string? ParentId { get; init; }

    [JsonPropertyName("reattachments")] public int Reattachments { get; init; }

    [JsonPropertyName("message")] public string? Message { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }

    [JsonPropertyName("hops")] public int? Hops { get; init; }

    [JsonPropertyName("site")] public string? Site { get; init; }

    [JsonPropertyName("rttMs")] public double? RttMs { get; init; }

    [JsonPropertyName("rttSource")] public string? RttSource { get; init; }

    [JsonPropertyName("kbps")] public double? Kbps { get; init; }

    [JsonPropertyName("lossFraction")] public double? LossFraction { get; init; }

    [JsonPropertyName("latencyMs")] public double? LatencyMs { get; init; }

    [JsonPropertyName("latencySource")] public string? LatencySource { get; init; }

    [JsonPropertyName("framesDecoded")] public long FramesDecoded { get; init; }

    [JsonPropertyName("overlayText")] public string? OverlayText { get; init; }

    private const string Script = """
        () => {
          const s = window.streammesh;
          if (!s) return { error: 'player not started' };
          const o = s.overlay || {};
          const el = document.getElementById('overlay');
          return { mode: s.mode, peerId: s.peerId || null, parentId: s.parentId || null, reattachments: s.reattachments || 0,
                   message: s.message || null, error: s.error || null,
                   hops: typeof o.hops === 'number' ? o.hops : null, site: o.site || null,
                   rttMs: o.rttMs ?? null, rttSource: o.rttSource || null, kbps: o.kbps ?? null, lossFraction: o.lossFraction ?? null,
                   latencyMs: o.latencyMs ?? null, latencySource: o.latencySource || null, framesDecoded: o.framesDecoded || 0,
                   overlayText: el && !el.hidden ? el.innerText : null };
        }
        """;

    public static Task<PlayerState> ReadAsync(IPage page) => page.EvaluateAsync<PlayerState>(Script);

    public static async Task<PlayerState> WaitAsync(IPage page, Func<PlayerState, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = new PlayerState();
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadAsync(page).ConfigureAwait(false);
            if (last.Error is not null || done(last))
            {
                return last;
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        return last;
    }
}
