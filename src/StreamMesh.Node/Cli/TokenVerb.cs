using StreamMesh.Mesh.Security;

namespace StreamMesh.Node.Cli;

/// <summary>
/// <c>streammesh token</c>: mints a viewer token for a private stream with the operator's key, or makes a new key.
/// The token goes to stdout alone (scriptable); its expiry to stderr.
/// </summary>
internal sealed class TokenVerb : ICommandVerb
{
    public string Name => "token";

    public string Summary => "mint a viewer token for a private stream (or make a new operator key with --new-key true)";

    public IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--key", "Token:Key", "the operator's viewer-token key (the tracker's --viewer-token-key); prefer --key-file"),
        new("--key-file", "Token:KeyFile", "file holding the operator's key (first line)"),
        new("--stream", "Token:Stream", "stream the token grants"),
        new("--ttl", "Token:Ttl", "validity: 30m, 2h, 1d or seconds", "2h"),
        new("--site", "Token:Site", "pin the viewer to this site"),
        new("--group", "Token:Group", "audience group claim, e.g. staff"),
        new("--subject", "Token:Subject", "label of the holder for logs, e.g. an employee id"),
        new("--new-key", "Token:NewKey", "true: print a new random operator key and exit"),
    ];

    public Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken)
    {
        var section = new ConfigurationBuilder()
            .AddEnvironmentVariables("STREAMMESH_")
            .AddCommandLine(context.Arguments, context.SwitchMappings.ToDictionary())
            .Build()
            .GetSection("Token");
        if (string.Equals(section["NewKey"], "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Out.WriteLine(ViewerTokenKey.GenerateSecret());
            return Task.FromResult(0);
        }

        try
        {
            var key = ReadKey(section);
            var stream = section["Stream"] ?? throw new ArgumentException("say which stream the token grants: --stream NAME");
            var ttl = ParseTtl(section["Ttl"] ?? "2h");
            var expires = TimeProvider.System.GetUtcNow() + ttl;
            var token = new ViewerTokenKey(key, TimeProvider.System).Issue(
                new ViewerTokenClaims(stream, expires, Empty(section["Site"]), Empty(section["Group"]), Empty(section["Subject"])));
            context.Out.WriteLine(token);
            context.Error.WriteLine($"viewer token for stream '{stream}', valid until {expires:yyyy-MM-ddTHH:mm:ssZ}");
            return Task.FromResult(0);
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine($"streammesh token: {ex.Message}");
            return Task.FromResult(2);
        }
        catch (IOException ex)
        {
            context.Error.WriteLine($"streammesh token: cannot read the key file: {ex.Message}");
            return Task.FromResult(2);
        }
    }

    /// <summary>Parses "90" (seconds), "30s", "15m", "2h" or "7d"; between 1 minute and 366 days.</summary>
    internal static TimeSpan ParseTtl(string text)
    {
        var t = text.Trim();
        (string number, double scale) = t.Length > 0 ? char.ToLowerInvariant(t[^1]) switch
        {
            's' => (t[..^1], 1.0),
            'm' => (t[..^1], 60.0),
            'h' => (t[..^1], 3600.0),
            'd' => (t[..^1], 86400.0),
            _ => (t, 1.0),
        } : (t, 1.0);
        if (double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value * scale >= 60 && value * scale <= 366 * 86400.0)
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        throw new ArgumentException($"--ttl '{text}' must be between 1 minute and 366 days, e.g. 30m, 2h or 1d");
    }

    private static string ReadKey(IConfigurationSection section)
    {
        var key = section["Key"];
        if (section["KeyFile"] is { } file)
        {
            key = File.ReadLines(file).FirstOrDefault()?.Trim();
        }

        return ViewerTokenKey.IsAcceptableSecret(key)
            ? key!
            : throw new ArgumentException($"give the operator's key (at least {ViewerTokenKey.MinimumSecretLength} characters) with --key-file FILE or --key KEY; make one with --new-key true");
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
