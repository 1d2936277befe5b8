using System.Globalization;
using System.Text;

namespace StreamMesh.Fuzz.Engine;

/// <summary>The per-parser table (Markdown, so it can go straight into docs/fuzzing.md).</summary>
public static class FuzzReport
{
    public static string Format(IReadOnlyList<FuzzTargetResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("| parser | inputs | distinct outcomes | crashes | hangs | alloc > bound | one-off allocs | max alloc/input (B) | slowest input (ms) | inputs/s | elapsed (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (FuzzTargetResult r in results)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Inputs:N0} | {r.DistinctOutcomes} | {r.Crashes} | {r.Hangs} | {r.AllocationViolations} | {r.OneOffAllocations} | {r.MaxAllocatedBytes:N0} | {r.SlowestInput.TotalMilliseconds:F1} | {r.InputsPerSecond:N0} | {r.Elapsed.TotalSeconds:F1} |"));
        }

        return text.ToString();
    }
}
