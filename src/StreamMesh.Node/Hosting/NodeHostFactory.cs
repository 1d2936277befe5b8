using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Security;
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
        var configFile = new ConfigurationBuilder().AddCommandLine(context.Arguments, context.SwitchMappings.ToDictionary()).Build()["ConfigFile"];
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new StartupException($"the settings file '{configFile}' does not exist");
            }

            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

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

        var node = ValidateSection<NodeOptions>(builder.Configuration, NodeOptions.Section);

        var limits = ValidateSection<LimitsOptions>(builder.Configuration, LimitsOptions.Section);
        ValidateSection<AdminOptions>(builder.Configuration, AdminOptions.Section);
        builder.Services.AddStreamMeshSecurity(builder.Configuration);
        var certificate = LoadCertificate(node);
        builder.WebHost.UseKestrelHttpsConfiguration(); // Kestrel:Endpoints with certificates work too (docs/security.md)
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(node.HttpEndPoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.RequestHeadersTimeoutSeconds);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(limits.KeepAliveTimeoutSeconds);
            k.Limits.MaxConcurrentConnections = limits.MaxConnections > 0 ? limits.MaxConnections : null;
            k.AddServerHeader = false;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The Node:Https certificate, loaded once so a bad file or password is a clear start-up error.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificate(NodeOptions node)
    {
        try
        {
            return node.Https?.Load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new StartupException($"Node:Https: cannot load the certificate: {ex.Message}", ex);
        }
    }

    /// <summary>Binds and validates a section before the host starts, so a bad value is one clear line, not a stack trace.</summary>
    public static TOptions ValidateSection<TOptions>(IConfiguration configuration, string section)
        where TOptions : class, IValidatedOptions, new()
    {
        TOptions options;
        try
        {
            options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
            options.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new StartupException(ex.Message, ex);
        }

        return options;
    }

    /// <summary>Runs the host until Ctrl+C / SIGTERM, turning start-up failures into one clear line.</summary>
    public static async Task<int> RunAsync(WebApplication app, VerbContext context, Action<NodeOptions> onStarted, CancellationToken cancellationToken)
    {
        // Prefix-based, so adding them here (after the verb mapped its endpoints, before start) still runs them first.
        app.UseStreamMeshSecurity();
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
