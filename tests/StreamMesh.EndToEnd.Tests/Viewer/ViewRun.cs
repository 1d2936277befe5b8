namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>The outcome of one <c>streammesh view</c> process.</summary>
internal sealed record ViewRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
