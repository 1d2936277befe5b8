using System.Text.RegularExpressions;
using StreamMesh.Testing.Processes;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>An openssl command-line process whose combined output can be awaited for patterns.</summary>
internal sealed class OpenSslProcess : IAsyncDisposable
{
    public const string Executable = "openssl";

    private readonly ChildProcess _process;

    private OpenSslProcess(ChildProcess process) => _process = process;

    public string Output => _process.Output.Text;

    public bool HasExited => _process.HasExited;

    public static bool IsAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, Executable)));

    public static OpenSslProcess Start(params string[] arguments) =>
        new(ChildProcess.Start(Executable, Executable, arguments, new ProcessOutput(1_000_000, OutputOverflow.KeepFirst), redirectStandardInput: true));

    /// <summary>Runs openssl to completion and fails the test if it exits non-zero.</summary>
    public static async Task RunAsync(params string[] arguments)
    {
        await using OpenSslProcess process = Start(arguments);
        process.CloseInput();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process._process.ExitCode == 0, process.Output);
    }

    /// <summary>The first output line that <paramref name="pattern"/> matches, as that match.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>, or openssl exited first.</exception>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        string? line = await _process.WaitForLineAsync(pattern.IsMatch, timeout, CancellationToken.None);
        return line is null
            ? throw new TimeoutException($"openssl printed no line matching {pattern} within {timeout}:\n{Output}")
            : pattern.Match(line);
    }

    public void CloseInput() => _process.CloseStandardInput();

    /// <exception cref="TimeoutException">openssl still runs after <paramref name="timeout"/>.</exception>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (!await _process.WaitForExitAsync(timeout, CancellationToken.None))
        {
            throw new TimeoutException($"openssl did not exit within {timeout}:\n{Output}");
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
