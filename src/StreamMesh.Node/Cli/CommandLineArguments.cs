namespace StreamMesh.Node.Cli;

/// <summary>Checks raw arguments before the host sees them, so a typo gets a message instead of being ignored.</summary>
internal static class CommandLineArguments
{
    /// <returns>A message describing the first problem, or null when the arguments are acceptable.</returns>
    public static string? Validate(string[] args, IReadOnlyDictionary<string, string> mappings)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return $"unexpected argument '{arg}'";
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = eq < 0 ? arg : arg[..eq];
            var isConfigKey = flag.Contains(':', StringComparison.Ordinal);
            if (!isConfigKey && !mappings.ContainsKey(flag))
            {
                return $"unknown option '{flag}'";
            }

            if (eq < 0)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return $"option '{flag}' needs a value";
                }

                i++;
            }
        }

        return null;
    }

    /// <summary>Turns a bare switch (<c>--relay</c> followed by another flag or nothing) into <c>--relay=true</c>.</summary>
    public static string[] ExpandSwitches(string[] args, IEnumerable<CommandOption> options)
    {
        var switches = options.Where(o => o.IsSwitch).Select(o => o.Flag).ToHashSet(StringComparer.Ordinal);
        var result = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var bare = switches.Contains(args[i]) && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal));
            result[i] = bare ? args[i] + "=true" : args[i];
        }

        return result;
    }
}
