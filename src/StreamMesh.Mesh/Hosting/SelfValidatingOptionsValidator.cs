using Microsoft.Extensions.Options;

namespace StreamMesh.Mesh.Hosting;

/// <summary>Runs an options record's own <see cref="IValidatedOptions.Validate"/> at start-up (ValidateOnStart).</summary>
public sealed class SelfValidatingOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
