using System.Globalization;

namespace StreamMesh.Chaos;

/// <summary>The command line of <c>streammesh-chaos</c>.</summary>
internal static class ChaosArguments
{
    public const string Usage = """
        streammesh-chaos: a relay tree with headless viewers; kill -9 a random relay on a schedule, flood one with garbage
          --viewers N            headless viewers joined through the tracker (default 100)
          --ramp PER_SECOND      viewers joined per second (default 10)
          --kills N              relays killed (default 12)
          --interval SECONDS     between kills (default 10)
          --flood-rate N         garbage datagrams per second at one relay, 0 = no flood (default 10000)
          --flood-window SECONDS each of before / during / after (default 5)
          --relays SITES         relay sites in start order, comma-separated (default eu,us,eu,us)
          --origin-max-children N (default 2)
          --relay-max-children N (default 50)
          --no-emulation         no latency emulation
          --seed N               victim and site choice (default 4242)
          --markdown FILE        append the report section to FILE (e.g. docs/chaos.md)
          --json FILE            the full report
          --streammesh PATH      streammesh.dll (default: next to this tool)
        """;

    public static bool TryParse(string[] args, out ChaosOptions options, out string? markdown, out string? json, out string error)
    {
        options = new ChaosOptions();
        markdown = null;
        json = null;
        error = string.Empty;
        var cluster = options.Cluster;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--no-emulation")
            {
                cluster = cluster with { EmulateLatency = false };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            string value = args[++i];
            bool ok = true;
            switch (name)
            {
                case "--viewers": ok = Int(value, out var v); options = options with { Viewers = v }; break;
                case "--ramp": ok = Double(value, out var r); options = options with { RampPerSecond = r }; break;
                case "--kills": ok = Int(value, out var k); options = options with { Kills = k }; break;
                case "--interval": ok = Double(value, out var s); options = options with { KillInterval = TimeSpan.FromSeconds(s) }; break;
                case "--flood-rate": ok = Int(value, out var f); options = options with { FloodRate = f }; break;
                case "--flood-window": ok = Double(value, out var w); options = options with { FloodWindow = TimeSpan.FromSeconds(w) }; break;
                case "--relays": cluster = cluster with { RelaySites = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }; break;
                case "--origin-max-children": ok = Int(value, out var om); cluster = cluster with { OriginMaxChildren = om }; break;
                case "--relay-max-children": ok = Int(value, out var rm); cluster = cluster with { RelayMaxChildren = rm }; break;
                case "--seed": ok = Int(value, out var seed); options = options with { Seed = seed }; break;
                case "--markdown": markdown = value; break;
                case "--json": json = value; break;
                case "--streammesh": cluster = cluster with { StreamMeshDll = value }; break;
                default: error = $"unknown option '{name}'"; return false;
            }

            if (!ok)
            {
                error = $"{name}: invalid value '{value}'";
                return false;
            }
        }

        options = options with { Cluster = cluster };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }

        return true;
    }

    private static bool Int(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool Double(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
}
