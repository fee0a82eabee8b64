using System.Text.Json.Nodes;
using Esm.Service.Model;

namespace Esm.Service.Broker;

/// <summary>PUT /v2/service_instances/{id}, as the broker sees it.</summary>
public sealed record ProvisionRequest(
    string InstanceId,
    string? ServiceId,
    string? PlanId,
    string? OrganizationGuid,
    string? SpaceGuid,
    JsonObject? Context,
    JsonObject? Parameters,
    string? MaintenanceVersion,
    bool AcceptsIncomplete,
    OriginatingIdentity? OriginatingIdentity);

/// <summary>PATCH /v2/service_instances/{id}.</summary>
public sealed record UpdateRequest(
    string InstanceId,
    string? ServiceId,
    string? PlanId,
    JsonObject? Context,
    JsonObject? Parameters,
    string? MaintenanceVersion,
    bool AcceptsIncomplete,
    OriginatingIdentity? OriginatingIdentity);

/// <summary>DELETE /v2/service_instances/{id}.</summary>
public sealed record DeprovisionRequest(
    string InstanceId, string? ServiceId, string? PlanId, bool AcceptsIncomplete, OriginatingIdentity? OriginatingIdentity);

/// <summary>PUT /v2/service_instances/{id}/service_bindings/{binding_id}.</summary>
public sealed record BindRequest(
    string InstanceId,
    string BindingId,
    string? ServiceId,
    string? PlanId,
    string? AppGuid,
    JsonObject? BindResource,
    JsonObject? Context,
    JsonObject? Parameters,
    string? PredecessorBindingId,
    bool AcceptsIncomplete,
    OriginatingIdentity? OriginatingIdentity);

/// <summary>DELETE /v2/service_instances/{id}/service_bindings/{binding_id}.</summary>
public sealed record UnbindRequest(
    string InstanceId, string BindingId, string? ServiceId, string? PlanId, bool AcceptsIncomplete, OriginatingIdentity? OriginatingIdentity);
