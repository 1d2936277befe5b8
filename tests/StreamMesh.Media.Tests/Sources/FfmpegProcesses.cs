using System.Text;

namespace StreamMesh.Media.Tests.Sources;

/// <summary>Finds running ffmpeg processes through /proc (Linux).</summary>
internal static class FfmpegProcesses
{
    /// <summary>Ids of ffmpeg processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> WithArgument(string marker)
    {
        var ids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains("ffmpeg", StringComparison.Ordinal) && commandLine.Contains(marker, StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>True while /proc lists the process and it is not a zombie.</summary>
    public static bool IsAlive(int id)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{id}/stat");
            var state = status[(status.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
