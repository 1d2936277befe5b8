using System.Text.RegularExpressions;
using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>The process wrapper the end-to-end tests and the chaos tool stand on, against real <c>/bin/sh</c> children.</summary>
public sealed class ChildProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WaitForLineAsync_LinePrintedBeforeAndAfterTheCall_BothFound()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var child = Shell("echo first; read go; echo \"second $go\"; sleep 30", redirectStandardInput: true);

        string? first = await child.WaitForLineAsync(l => l.StartsWith("first", StringComparison.Ordinal), Patience, cts.Token);
        Task<string?> second = child.WaitForLineAsync(l => l.StartsWith("second", StringComparison.Ordinal), Patience, cts.Token);
        Assert.False(second.IsCompleted);
        child.CloseStandardInput();

        Assert.Equal("first", first);
        Assert.Equal("second ", await second);
        Assert.Equal("first", await child.Output.WaitForLineAsync(new Regex("^fir"), cts.Token));
    }

    [Fact]
    public async Task WaitForLineAsync_ProcessExitsWithoutTheLine_NullAndExitCodeKept()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var child = Shell("echo one; echo two >&2; exit 3");

        string? line = await child.WaitForLineAsync(l => l == "never", Patience, cts.Token);

        Assert.Null(line);
        Assert.Equal(3, await child.WaitForExitAsync(cts.Token));
        Assert.Contains("one", child.Output.Text, StringComparison.Ordinal);
        Assert.Contains("two", child.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForLineAsync_NoLineWithinTimeout_NullWhileStillRunning()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var child = Shell("sleep 30");

        Assert.Null(await child.WaitForLineAsync(_ => true, TimeSpan.FromMilliseconds(300), cts.Token));
        Assert.False(child.HasExited);
    }

    [Fact]
    public async Task TerminateAsync_ShellTrapsSigterm_ExitsThroughTheTrap()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var child = Shell("trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 0.1; done");
        Assert.NotNull(await child.WaitForLineAsync(l => l == "ready", Patience, cts.Token));

        await child.TerminateAsync(cts.Token);

        Assert.Equal(7, await child.WaitForExitAsync(cts.Token));
        Assert.Contains("got TERM", child.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessOutput_Bounded_KeepFirstDropsLaterLinesKeepLatestDropsTheOldestHalf()
    {
        var first = new ProcessOutput(20, OutputOverflow.KeepFirst);
        var latest = new ProcessOutput(20, OutputOverflow.KeepLatest);
        foreach (var line in new[] { "aaaaaaaaa", "bbbbbbbbb", "ccccccccc", "ddddddddd" })
        {
            first.Append(line);
            latest.Append(line);
        }

        Assert.Equal("aaaaaaaaa\nbbbbbbbbb\n", first.Text);
        Assert.DoesNotContain("aaaaaaaaa", latest.Text, StringComparison.Ordinal);
        Assert.EndsWith("ccccccccc\nddddddddd\n", latest.Text, StringComparison.Ordinal);
        Assert.True(latest.Text.Length <= 40, latest.Text);
    }

    [Fact]
    public async Task ProcessOutput_Empty_NoLineMatchesEvenAnything()
    {
        var output = new ProcessOutput(100, OutputOverflow.KeepFirst);

        Assert.Null(output.FindLine(_ => true));
        Task<string> waiting = output.WaitForLineAsync(_ => true, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        output.Append("");
        Assert.Equal("", await waiting);
    }

    [Fact]
    public async Task ProcessRun_StdoutAndStderr_KeptApartWithExitCode()
    {
        using var cts = new CancellationTokenSource(Patience);

        ProcessRun run = await ProcessRun.RunAsync("/bin/sh", ["-c", "echo out; echo err >&2; exit 2"], cts.Token);

        Assert.Equal(new ProcessRun(2, "out\n", "err\n"), run);
    }

    private static ChildProcess Shell(string script, bool redirectStandardInput = false) =>
        ChildProcess.Start("sh", "/bin/sh", ["-c", script], new ProcessOutput(10_000, OutputOverflow.KeepFirst), redirectStandardInput: redirectStandardInput);
}
