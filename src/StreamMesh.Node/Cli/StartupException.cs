namespace StreamMesh.Node.Cli;

/// <summary>A start-up failure with a message meant for the person at the terminal (no stack trace).</summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
