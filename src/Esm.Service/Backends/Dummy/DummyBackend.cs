using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Backends.Dummy;

/// <summary>
/// The "Dream" backend: realises nothing, records exactly what the Platform sent so an operator
/// can inspect it, and hands out credentials that name the instance and binding. Per plan it can
/// take its time (to make asynchronous flows observable) or fail (to exercise failure paths).
/// </summary>
public sealed class DummyBackend(TimeProvider clock) : IBackend
{
    public const string Type = "dummy";

    private static readonly TimeSpan ProgressStep = TimeSpan.FromSeconds(1);

    public string ManifestType => Type;

    public ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) =>
        DummyPlanConfig.From(manifest.Config).DelayOf(kind) > TimeSpan.Zero ? ExecutionMode.Deferred : ExecutionMode.Blocking;

    public Problems ValidateManifest(PlanManifest manifest) => DummyPlanConfig.Problems(manifest.Config);

    public async Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await PretendToWorkAsync(OperationKind.Provision, work.Manifest, progress, cancellationToken);
        return new InstanceOutcome(Recorded(work.Instance, work.EffectiveParameters), Description: "The dream is ready.");
    }

    public async Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await PretendToWorkAsync(OperationKind.Update, work.Manifest, progress, cancellationToken);
        return new InstanceOutcome(Recorded(work.Instance, work.EffectiveParameters), Description: "The dream is updated.");
    }

    public Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        PretendToWorkAsync(OperationKind.Deprovision, work.Manifest, progress, cancellationToken);

    public async Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await PretendToWorkAsync(OperationKind.Bind, work.Manifest, progress, cancellationToken);
        var instanceId = work.Instance.InstanceId;
        var bindingId = work.Binding.BindingId;
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new BindingOutcome(new JsonObject
        {
            ["credentials"] = new JsonObject
            {
                ["instance_id"] = instanceId,
                ["binding_id"] = bindingId,
                ["username"] = $"dreamer-{bindingId}",
                ["password"] = password,
                ["uri"] = $"dream://dreamer-{Uri.EscapeDataString(bindingId)}:{password}@dream.invalid/{Uri.EscapeDataString(instanceId)}",
            },
        });
    }

    public Task UnbindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        PretendToWorkAsync(OperationKind.Unbind, work.Manifest, progress, cancellationToken);

    public Task<JsonObject> DescribeAsync(ServiceInstanceRecord instance, PlanManifest manifest, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject
        {
            ["backend"] = Type,
            ["recorded"] = instance.BackendState?["recorded"]?.DeepClone(),
        });

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private async Task PretendToWorkAsync(OperationKind kind, PlanManifest manifest, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var config = DummyPlanConfig.From(manifest.Config);
        var delay = config.DelayOf(kind);
        var steps = Math.Max(1, (int)Math.Ceiling(delay / ProgressStep));
        for (var step = 1; delay > TimeSpan.Zero && step <= steps; step++)
        {
            progress.Report($"{kind} in progress: step {step} of {steps}.");
            await Task.Delay(delay / steps, clock, cancellationToken);
        }

        if (config.Failing.Contains(kind))
        {
            throw new BackendException($"The plan is configured to fail on {kind.ToString().ToLowerInvariant()}.");
        }
    }

    private static JsonObject Recorded(ServiceInstanceRecord instance, JsonObject? parameters) => new()
    {
        ["recorded"] = new JsonObject
        {
            ["service_id"] = instance.ServiceId,
            ["plan_id"] = instance.PlanId,
            ["organization_guid"] = instance.OrganizationGuid,
            ["space_guid"] = instance.SpaceGuid,
            ["context"] = instance.Context?.DeepClone(),
            ["parameters"] = parameters?.DeepClone(),
            ["originating_identity"] = instance.OriginatingIdentity is { } identity
                ? new JsonObject { ["platform"] = identity.Platform, ["value"] = identity.Value.DeepClone() }
                : null,
        },
    };
}
