namespace StreamMesh.Node.Cli;

/// <summary>One verb of the <c>streammesh</c> command line (origin, relay, tracker, view, demo).</summary>
internal interface ICommandVerb
{
    string Name { get; }

    string Summary { get; }

    /// <summary>Documented flags mapped onto configuration keys, e.g. <c>--stream</c> → <c>Origin:Stream</c>.</summary>
    IReadOnlyList<CommandOption> Options { get; }

    Task<int> RunAsync(VerbContext context, CancellationToken cancellationToken);
}
