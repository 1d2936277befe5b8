using System.Diagnostics;
using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>Runs a short-lived <c>streammesh</c> command (token) or starts a node without waiting for it to be healthy.</summary>
internal static class StreammeshCli
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using Process process = Process.Start(Info(arguments)) ?? throw new InvalidOperationException("could not start streammesh");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A node that is not expected to become healthy (a relay the tracker refuses); killed on disposal.</summary>
    public static ChildProcess StartUnchecked(IEnumerable<string> arguments) =>
        ChildProcess.Start(
            "streammesh",
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "streammesh.dll"), .. arguments],
            new ProcessOutput(1_000_000, OutputOverflow.KeepFirst),
            [new("Logging__LogLevel__Default", "Information")]);

    private static ProcessStartInfo Info(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streammesh.dll"));
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["Logging__LogLevel__Default"] = "Information";
        return psi;
    }
}
