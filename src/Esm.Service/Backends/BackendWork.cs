using System.Text.Json.Nodes;
using Esm.Service.Model;

namespace Esm.Service.Backends;

/// <summary>What a backend gets for an instance operation: the stored instance and the manifest of its plan.</summary>
/// <param name="Instance">The instance as stored when the operation started.</param>
/// <param name="Manifest">The manifest of the plan the operation targets (the new plan for a plan change).</param>
/// <param name="StoreIdentity">The identity of the store that records the instance: what the backend labels its resources with.</param>
/// <param name="Change">For an update: what changes.</param>
public sealed record InstanceWork(ServiceInstanceRecord Instance, PlanManifest Manifest, string StoreIdentity, InstanceChange? Change = null)
{
    /// <summary>The parameters in force once the operation succeeds.</summary>
    public JsonObject? EffectiveParameters => Change?.Parameters ?? Instance.Parameters;
}

/// <summary>What a finished instance operation leaves behind.</summary>
/// <param name="BackendState">Replaces what the backend keeps for the instance.</param>
/// <param name="DashboardUrl">The instance's dashboard, if the backend has one.</param>
/// <param name="Description">A last word for last_operation.</param>
public sealed record InstanceOutcome(JsonObject? BackendState, string? DashboardUrl = null, string? Description = null);

/// <summary>What a backend gets for a binding operation.</summary>
public sealed record BindingWork(ServiceInstanceRecord Instance, ServiceBindingRecord Binding, PlanManifest Manifest);

/// <summary>
/// A created binding: credentials and the rest of the OSB binding response, as JSON objects
/// (<c>credentials</c>, <c>endpoints</c>, <c>syslog_drain_url</c>, <c>route_service_url</c>, <c>volume_mounts</c>).
/// </summary>
public sealed record BindingOutcome(JsonObject Result);
