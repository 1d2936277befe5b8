using System.Globalization;
using System.Text.RegularExpressions;
using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>
/// <c>streammesh view</c> running in the background: its progress lines (one a second when redirected) give the
/// frames received so far, so a test can check that media keeps flowing while it does other things.
/// </summary>
internal sealed partial class ViewerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ViewerProcess(ChildProcess process) => _process = process;

    /// <summary>The frame count of the latest progress line (0 before the first).</summary>
    public long Frames => FramesField().Matches(Output) is { Count: > 0 } lines ? FramesOn(lines[^1]) : 0;

    public string Output => _process.Output.Text;

    public static ViewerProcess Start(IEnumerable<string> arguments) =>
        new(ChildProcess.Start(
            "streammesh view",
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "streammesh.dll"), "view", .. arguments],
            new ProcessOutput(1_000_000, OutputOverflow.KeepLatest)));

    /// <summary>Waits until at least <paramref name="frames"/> frames have been received.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>, or the viewer exited first.</exception>
    public async Task WaitForFramesAsync(long frames, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = await _process.WaitForLineAsync(l => FramesField().Match(l) is { Success: true } m && FramesOn(m) >= frames, timeout, cancellationToken);
        if (line is null)
        {
            throw new TimeoutException($"the viewer received {Frames} frames, expected {frames}:\n{Output}");
        }
    }

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static long FramesOn(Match progress) => long.Parse(progress.Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\| frames\s+(\d+) \|")]
    private static partial Regex FramesField();
}
