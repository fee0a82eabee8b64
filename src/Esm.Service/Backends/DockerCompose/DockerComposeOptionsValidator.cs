using Esm.Service.Failures;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>Refuses to start with wrong ESM_COMPOSE_* settings, naming each problem.</summary>
public sealed class DockerComposeOptionsValidator : IValidateOptions<DockerComposeOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerComposeOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
