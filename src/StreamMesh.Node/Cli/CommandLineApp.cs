using System.Reflection;
using Microsoft.Extensions.Options;

namespace StreamMesh.Node.Cli;

/// <summary>
/// Entry point of the <c>streammesh</c> executable: picks the verb, checks its flags and runs it.
/// Flags become configuration keys, so every option can also come from appsettings.json or
/// environment variables (<c>STREAMMESH_Origin__Stream</c>).
/// </summary>
internal static class CommandLineApp
{
    private static readonly ICommandVerb[] Verbs =
    [
        new OriginVerb(),
        new TrackerVerb(),
        new RelayVerb(),
        new ViewVerb(),
        new DemoVerb(),
        new TokenVerb(),
    ];

    /// <summary>Every verb accepts a JSON settings file (see config/); flags and environment variables override it.</summary>
    public static readonly CommandOption ConfigFileOption = new("--config", "ConfigFile", "a JSON settings file, e.g. config/origin.appsettings.json");

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(stdout);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] is "--version" or "version")
        {
            stdout.WriteLine(typeof(CommandLineApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }

        var verb = Array.Find(Verbs, v => string.Equals(v.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (verb is null)
        {
            stderr.WriteLine($"streammesh: unknown command '{args[0]}'. Run 'streammesh --help' for the list of commands.");
            return 2;
        }

        var rest = CommandLineArguments.ExpandSwitches(args[1..], verb.Options);
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            PrintVerbUsage(stdout, verb);
            return 0;
        }

        var mappings = verb.Options.Append(ConfigFileOption).ToDictionary(o => o.Flag, o => o.ConfigurationKey, StringComparer.Ordinal);
        var problem = CommandLineArguments.Validate(rest, mappings);
        if (problem is not null)
        {
            stderr.WriteLine($"streammesh {verb.Name}: {problem}");
            PrintVerbUsage(stderr, verb);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        try
        {
            return await verb.RunAsync(new VerbContext(rest, mappings, stdout, stderr), cts.Token).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            stderr.WriteLine($"streammesh {verb.Name}: invalid configuration: {string.Join("; ", ex.Failures)}");
            return 2;
        }
        catch (StartupException ex)
        {
            stderr.WriteLine($"streammesh {verb.Name}: {ex.Message}");
            return 1;
        }
    }

    private static void PrintUsage(TextWriter w)
    {
        w.WriteLine("streammesh — live audio/video relay over WebRTC");
        w.WriteLine();
        w.WriteLine("Usage: streammesh <command> [options]");
        w.WriteLine();
        foreach (var v in Verbs)
        {
            w.WriteLine($"  {v.Name,-10} {v.Summary}");
        }

        w.WriteLine();
        w.WriteLine("Run 'streammesh <command> --help' for the options of a command.");
    }

    private static void PrintVerbUsage(TextWriter w, ICommandVerb verb)
    {
        w.WriteLine($"Usage: streammesh {verb.Name} [options]   — {verb.Summary}");
        foreach (var o in verb.Options.Append(ConfigFileOption))
        {
            var def = o.Default is null ? string.Empty : $" (default: {o.Default})";
            w.WriteLine($"  {o.Flag,-18} {o.Description}{def}");
        }

        w.WriteLine("  Any configuration key can also be given as --Section:Key=value.");
    }
}
