using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Backends;

/// <summary>
/// Realises plans of one manifest type. Every call must be idempotent: after a crash the broker
/// runs an accepted operation again from the start. Failures are <see cref="BackendException"/>s.
/// </summary>
public interface IBackend
{
    /// <summary>The <c>manifest_type</c> this backend realises (e.g. <c>dummy</c>, <c>docker-compose</c>).</summary>
    string ManifestType { get; }

    ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest);

    /// <summary>What keeps this backend from running a manifest; none when it can run it.</summary>
    Problems ValidateManifest(PlanManifest manifest);

    /// <summary>PUT /v2/service_instances/{id}: creates the instance's resources.</summary>
    Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>PATCH /v2/service_instances/{id}: applies <see cref="InstanceWork.Change"/>.</summary>
    Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>DELETE /v2/service_instances/{id}: removes everything the instance has, also after a half-done provision.</summary>
    Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>PUT .../service_bindings/{id}: creates a binding's credentials.</summary>
    Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>DELETE .../service_bindings/{id}: revokes a binding.</summary>
    Task UnbindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken);

    /// <summary>The live view of an instance for operators (never secrets).</summary>
    Task<JsonObject> DescribeAsync(ServiceInstanceRecord instance, PlanManifest manifest, CancellationToken cancellationToken);

    /// <summary>Whether what the backend drives (e.g. the Docker engine) answers; for readiness.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Whether a backend finishes an operation within the request (blocking: 200/201) or needs
/// polling (deferred: 202, and 422 AsyncRequired when the Platform cannot poll).
/// </summary>
public enum ExecutionMode
{
    Blocking,
    Deferred,
}
