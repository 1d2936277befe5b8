using System.Diagnostics;

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

    /// <summary>A node that is not expected to become healthy (a relay the tracker refuses); the caller kills it.</summary>
    public static Process StartUnchecked(IEnumerable<string> arguments, Action<string> log)
    {
        Process process = Process.Start(Info(arguments)) ?? throw new InvalidOperationException("could not start streammesh");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

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
