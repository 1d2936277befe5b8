using StreamMesh.Node.Cli;

return await CommandLineApp.RunAsync(args, Console.Out, Console.Error);
