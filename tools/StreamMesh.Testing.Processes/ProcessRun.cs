using System.Diagnostics;

namespace StreamMesh.Testing.Processes;

/// <summary>The outcome of a short command run to its end: exit code, and stdout and stderr apart.</summary>
public sealed record ProcessRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (no shell) until it exits, reading stdout and
    /// stderr at the same time (so neither pipe can fill and stall it). Cancelling kills it and its children.
    /// </summary>
    public static async Task<ProcessRun> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var start = RedirectedStartInfo.Create(fileName, arguments, environment, workingDirectory: workingDirectory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ProcessRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
