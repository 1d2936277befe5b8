namespace StreamMesh.Node.Cli;

/// <summary>What a verb needs to run: its arguments (already validated against its flags) and the console.</summary>
internal sealed record VerbContext(string[] Arguments, IReadOnlyDictionary<string, string> SwitchMappings, TextWriter Out, TextWriter Error);
