using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>Runs <c>streammesh view</c> as its own process (as an operator would) and collects its output.</summary>
internal static class ViewCommand
{
    public static Task<ProcessRun> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "streammesh.dll"), "view", .. arguments], cancellationToken, workingDirectory);

    /// <summary>A fresh scratch folder for one test's recording and stats.</summary>
    public static string CreateWorkDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "streammesh-view-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
