namespace StreamMesh.Node.Cli;

/// <summary>A documented command-line flag and the configuration key it sets.</summary>
internal sealed record CommandOption(string Flag, string ConfigurationKey, string Description, string? Default = null);
