using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Node.Cli;

namespace StreamMesh.Node.Hosting;

/// <summary>
/// Builds the ASP.NET Core host every verb shares: configuration from appsettings, environment
/// (<c>STREAMMESH_</c> prefix) and the verb's flags; Kestrel on <c>Node:Http</c>; console logging.
/// </summary>
internal static class NodeHostFactory
{
    public static WebApplicationBuilder CreateBuilder(VerbContext context)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("STREAMMESH_");
        builder.Configuration.AddCommandLine(context.Arguments, context.SwitchMappings.ToDictionary());
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.AddValidatedOptions<NodeOptions>(builder.Configuration, NodeOptions.Section);

        var node = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
        try
        {
            node.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new StartupException(ex.Message, ex);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(node.HttpEndPoint);
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.AddServerHeader = false;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Runs the host until Ctrl+C / SIGTERM, turning start-up failures into one clear line.</summary>
    public static async Task<int> RunAsync(WebApplication app, VerbContext context, Action<NodeOptions> onStarted, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException)
        {
            throw;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
        {
            throw new StartupException($"cannot listen: {ex.Message}", ex);
        }

        onStarted(app.Services.GetRequiredService<IOptions<NodeOptions>>().Value);
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
