using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>What the compose and the swarm backends read alike from a plan's manifest: its compose file and its config.</summary>
public static class ComposePlan
{
    /// <summary>Bindings within the request; the rest deferred unless the plan says <c>blocking: true</c>.</summary>
    public static ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) =>
        kind is OperationKind.Bind or OperationKind.Unbind || ComposePlanConfig.From(manifest.Config).Blocking
            ? ExecutionMode.Blocking
            : ExecutionMode.Deferred;

    /// <summary>What keeps the manifest from running: its config, its compose file under the policy, its templates.</summary>
    public static Problems Validate(PlanManifest manifest, IReadOnlySet<string> allowed)
    {
        var problems = ComposePlanConfig.Problems(manifest.Config);
        if (problems.Any)
        {
            return problems;
        }

        try
        {
            var compose = ComposeManifest.Parse(manifest.ManifestContent, allowed);
            return Problems.Of(ConnectionTemplate.Problems(ComposePlanConfig.From(manifest.Config).Credentials, manifest.Endpoints, compose));
        }
        catch (InvalidManifestException e)
        {
            return Problems.Of(e.Message);
        }
    }

    /// <summary>The plan as an operation runs it, checked again: the policy may have tightened since it was registered.</summary>
    /// <exception cref="BackendException">The manifest no longer passes.</exception>
    public static (ComposePlanConfig Config, ComposeManifest Compose) Read(PlanManifest manifest, IReadOnlySet<string> allowed)
    {
        try
        {
            return (ComposePlanConfig.From(manifest.Config), ComposeManifest.Parse(manifest.ManifestContent, allowed));
        }
        catch (InvalidManifestException e)
        {
            throw new BackendException($"The plan's manifest cannot run: {e.Message}", updateRepeatable: false);
        }
    }
}
