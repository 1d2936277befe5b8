using System.Globalization;

namespace StreamMesh.Simulator;

/// <summary>Command line of the simulator.</summary>
public sealed record SimulatorArguments
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project tools/StreamMesh.Simulator -- [options]
          --peers N              flash-crowd size, origin and relays included (default 10000)
          --underlay ripe|enterprise
          --json FILE            also write the full report as JSON
          --seed N               random seed (default 1)
          --origin-country CC    where the origin and tracker run, RIPE underlay (default DE)
          --weights FILE         country placement weights cc,weight (default data/country_weights.csv)
          --relay-fraction F     share of peers that are relays, RIPE underlay (default 0.01)
          --rcv-fraction F       share of viewers that can relay (default 0.10)
          --relay-capacity N     children per relay (default 200)
          --origin-capacity N    children of the origin (default 32)
          --join-rate R          flash-crowd arrivals per simulated second (default 200)
          --hop-cost MS          per-hop cost the library charges when ranking (default 1)
          --path-tolerance-ms MS additive part of the dynamic path budget (library default)
          --stretch-slack-ms MS  additive part of the stretch budget (library default)
          --churn-seconds S      churn phase length, 0 to skip (default 600)
          --failures F[,F…]      mass-failure fractions (default 0.10,0.25); "none" to skip
          --no-baselines         skip the random and oracle trees
          --sites-out FILE       write the enterprise site map CSV the tracker was given
          --all-cores            do not pin the process to one CPU core
        """;

    /// <summary>The run settings.</summary>
    public required SimulationOptions Options { get; init; }

    /// <summary>Where to write the JSON report, or null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Where to write the enterprise site map, or null.</summary>
    public string? SitesOut { get; init; }

    /// <summary>Leave the process on every core.</summary>
    public bool AllCores { get; init; }

    /// <summary>Parses the command line; returns null with an error message on bad input.</summary>
    public static SimulatorArguments? Parse(string[] args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new SimulationOptions();
        string? json = null;
        string? sitesOut = null;
        bool allCores = false;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string? Next()
            {
                if (i + 1 >= args.Length)
                {
                    return null;
                }

                return args[++i];
            }

            string? value = name switch
            {
                "--no-baselines" or "--all-cores" => string.Empty,
                _ => Next(),
            };
            if (value is null)
            {
                error = $"{name} needs a value";
                return null;
            }

            try
            {
                switch (name)
                {
                    case "--peers": o = o with { Peers = Int(value) }; break;
                    case "--underlay": o = o with { Underlay = value.ToLowerInvariant() }; break;
                    case "--json": json = value; break;
                    case "--seed": o = o with { Seed = Int(value) }; break;
                    case "--origin-country": o = o with { OriginCountry = value.ToUpperInvariant() }; break;
                    case "--weights": o = o with { WeightsPath = value }; break;
                    case "--relay-fraction": o = o with { Mix = o.Mix with { RelayFraction = Double(value) } }; break;
                    case "--rcv-fraction": o = o with { Mix = o.Mix with { RelayCapableFraction = Double(value) } }; break;
                    case "--relay-capacity": o = o with { Mix = o.Mix with { RelayCapacity = Int(value) } }; break;
                    case "--origin-capacity": o = o with { Mix = o.Mix with { OriginCapacity = Int(value) } }; break;
                    case "--join-rate": o = o with { JoinRatePerSecond = Double(value) }; break;
                    case "--hop-cost": o = o with { Topology = o.Topology with { HopCostMs = Double(value) } }; break;
                    case "--path-tolerance-ms": o = o with { Topology = o.Topology with { PathToleranceMs = Double(value) } }; break;
                    case "--stretch-slack-ms": o = o with { Topology = o.Topology with { StretchSlackMs = Double(value) } }; break;
                    case "--churn-seconds": o = o with { ChurnSeconds = Double(value) }; break;
                    case "--failures": o = o with { FailureFractions = value == "none" ? [] : [.. value.Split(',').Select(Double)] }; break;
                    case "--no-baselines": o = o with { Baselines = false }; break;
                    case "--sites-out": sitesOut = value; break;
                    case "--all-cores": allCores = true; break;
                    default:
                        error = $"unknown option {name}";
                        return null;
                }
            }
            catch (FormatException)
            {
                error = $"{name}: '{value}' is not a number";
                return null;
            }
        }

        try
        {
            o.Validate();
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }

        return new SimulatorArguments { Options = o, JsonPath = json, SitesOut = sitesOut, AllCores = allCores };
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Double(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
