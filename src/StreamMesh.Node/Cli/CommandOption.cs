namespace StreamMesh.Node.Cli;

/// <summary>A documented command-line flag and the configuration key it sets.</summary>
/// <param name="IsSwitch">The flag may stand alone (<c>--relay</c> means <c>--relay true</c>).</param>
internal sealed record CommandOption(string Flag, string ConfigurationKey, string Description, string? Default = null, bool IsSwitch = false);
