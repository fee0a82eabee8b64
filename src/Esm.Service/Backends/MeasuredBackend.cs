using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;
using Esm.Service.Telemetry;

namespace Esm.Service.Backends;

/// <summary>A backend whose every call is timed (esm.backend.call.duration) within a trace span.</summary>
public sealed class MeasuredBackend(IBackend inner, EsmTelemetry telemetry) : IBackend
{
    public string ManifestType => inner.ManifestType;

    public ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) => inner.ModeOf(kind, manifest);

    public Problems ValidateManifest(PlanManifest manifest) => inner.ValidateManifest(manifest);

    public Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "provision", () => inner.ProvisionAsync(work, progress, cancellationToken));

    public Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "update", () => inner.UpdateAsync(work, progress, cancellationToken));

    public Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "deprovision", () => inner.DeprovisionAsync(work, progress, cancellationToken));

    public Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "bind", () => inner.BindAsync(work, progress, cancellationToken));

    public Task UnbindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "unbind", () => inner.UnbindAsync(work, progress, cancellationToken));

    public Task<JsonObject> DescribeAsync(ServiceInstanceRecord instance, PlanManifest manifest, CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "describe", () => inner.DescribeAsync(instance, manifest, cancellationToken));

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) =>
        telemetry.MeasureBackendCallAsync(ManifestType, "health", () => inner.IsReachableAsync(cancellationToken));
}
