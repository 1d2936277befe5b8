using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StreamMesh.Mesh.Hosting;

/// <summary>Binds an options record from its configuration section and validates it when the host starts.</summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class, IValidatedOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, SelfValidatingOptionsValidator<TOptions>>();
        return services;
    }
}
