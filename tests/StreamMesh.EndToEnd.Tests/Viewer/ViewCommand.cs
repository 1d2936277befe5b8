using System.Diagnostics;
using System.Text;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>Runs <c>streammesh view</c> as its own process (as an operator would) and collects its output.</summary>
internal static class ViewCommand
{
    public static async Task<ViewRun> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streammesh.dll"));
        psi.ArgumentList.Add("view");
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start streammesh view");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit(); // drains the redirected streams
        lock (stdout)
        {
            lock (stderr)
            {
                return new ViewRun(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    /// <summary>A fresh scratch folder for one test's recording and stats.</summary>
    public static string CreateWorkDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "streammesh-view-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
