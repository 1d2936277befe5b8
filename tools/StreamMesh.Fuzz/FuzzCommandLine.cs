using System.Globalization;
using StreamMesh.Fuzz.Targets;

namespace StreamMesh.Fuzz;

/// <summary>
/// Arguments: --iterations N (per target), --target NAME[,NAME] (repeatable; default all), --seed N,
/// --input-timeout-ms N, --findings DIR, --progress N, --list, --outcomes.
/// </summary>
public sealed record FuzzCommandLine
{
    public long Iterations { get; init; } = 100_000;

    public ulong Seed { get; init; } = 1;

    public IReadOnlyList<string> Targets { get; init; } = FuzzTargetCatalog.Names;

    public TimeSpan InputTimeBudget { get; init; } = TimeSpan.FromSeconds(2);

    public string FindingsDirectory { get; init; } = "fuzz-findings";

    public long ProgressInterval { get; init; }

    public bool ListOnly { get; init; }

    /// <summary>Print every outcome code with its count (to judge how deep the inputs get).</summary>
    public bool ShowOutcomes { get; init; }

    public static FuzzCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new FuzzCommandLine();
        var targets = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--list" or "--outcomes")
            {
                result = name == "--list" ? result with { ListOnly = true } : result with { ShowOutcomes = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.", nameof(args));
            }

            string value = args[++i];
            result = name switch
            {
                "--iterations" => result with { Iterations = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) },
                "--seed" => result with { Seed = ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) },
                "--input-timeout-ms" => result with { InputTimeBudget = TimeSpan.FromMilliseconds(int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)) },
                "--findings" => result with { FindingsDirectory = value },
                "--progress" => result with { ProgressInterval = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) },
                "--target" => AddTargets(result, targets, value),
                _ => throw new ArgumentException($"Unknown option {name}.", nameof(args)),
            };
        }

        return result;
    }

    private static FuzzCommandLine AddTargets(FuzzCommandLine result, List<string> targets, string value)
    {
        foreach (string target in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!FuzzTargetCatalog.Names.Contains(target))
            {
                throw new ArgumentException($"Unknown target '{target}'. Known: {string.Join(", ", FuzzTargetCatalog.Names)}.", nameof(value));
            }

            targets.Add(target);
        }

        return result with { Targets = targets };
    }
}
