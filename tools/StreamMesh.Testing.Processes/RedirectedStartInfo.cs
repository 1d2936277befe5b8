using System.Diagnostics;

namespace StreamMesh.Testing.Processes;

/// <summary>How every child here is started: no shell, each argument passed as one, stdout and stderr redirected.</summary>
internal static class RedirectedStartInfo
{
    public static ProcessStartInfo Create(
        string fileName,
        IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>>? environment,
        bool redirectStandardInput = false,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStandardInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
