using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>Runs a short-lived <c>streammesh</c> command (token) or starts a node without waiting for it to be healthy.</summary>
internal static class StreammeshCli
{
    /// <summary>Runs a <c>streammesh</c> command (<c>token</c>) to its end.</summary>
    public static Task<ProcessRun> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRun.RunAsync("dotnet", [Dll, .. arguments], cancellationToken, environment: InformationLogs);

    /// <summary>A node that is not expected to become healthy (a relay the tracker refuses); killed on disposal.</summary>
    public static ChildProcess StartUnchecked(IEnumerable<string> arguments) =>
        ChildProcess.Start(
            "streammesh",
            "dotnet",
            [Dll, .. arguments],
            new ProcessOutput(1_000_000, OutputOverflow.KeepFirst),
            InformationLogs);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "streammesh.dll");

    private static KeyValuePair<string, string>[] InformationLogs => [new("Logging__LogLevel__Default", "Information")];
}
