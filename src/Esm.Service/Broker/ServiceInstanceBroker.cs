using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Catalog;
using Esm.Service.Failures;
using Esm.Service.Model;
using Esm.Service.Operations;
using Esm.Service.Stores;
using static Esm.Service.Broker.RequestChecks;

namespace Esm.Service.Broker;

/// <summary>
/// The OSB rules for Service Instances: validation, idempotent re-sends, conflicts, one operation
/// at a time, and blocking versus deferred execution. Every accepted mutation is stored as an
/// operation before it runs.
/// </summary>
public sealed class ServiceInstanceBroker(
    IStore store,
    ICatalogProvider catalog,
    BackendRegistry backends,
    OperationStarter starter,
    OperationHalts halts,
    TimeProvider clock)
{
    /// <summary>PUT /v2/service_instances/{instance_id}</summary>
    public async Task<MutationResult<ServiceInstanceRecord>> ProvisionAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        var plan = RequirePlan(request.ServiceId, request.PlanId);
        RequireText(request.OrganizationGuid, "organization_guid");
        RequireText(request.SpaceGuid, "space_guid");
        CheckPlatformsAgree(request.Context, request.OriginatingIdentity);
        CheckMaintenanceVersion(plan, request.MaintenanceVersion);
        ParameterValidation.Check(plan.ProvisionSchema, request.Parameters, "service_instance.create");
        var mode = ModeOf(plan, OperationKind.Provision);
        RequireAsyncSupport(mode, request.AcceptsIncomplete, "provision");

        var fingerprint = RequestFingerprint.Of(new JsonObject
        {
            ["service_id"] = plan.ServiceId,
            ["plan_id"] = plan.Id,
            ["organization_guid"] = request.OrganizationGuid,
            ["space_guid"] = request.SpaceGuid,
            ["context"] = request.Context?.DeepClone(),
            ["parameters"] = request.Parameters?.DeepClone(),
            ["maintenance_version"] = request.MaintenanceVersion,
        });
        var now = clock.GetUtcNow();
        var operation = starter.Begin(OperationKind.Provision, mode, now, request.OriginatingIdentity, fingerprint);
        var fresh = new ServiceInstanceRecord
        {
            InstanceId = request.InstanceId,
            Incarnation = operation.Id,
            ServiceId = plan.ServiceId,
            PlanId = plan.Id,
            OrganizationGuid = request.OrganizationGuid,
            SpaceGuid = request.SpaceGuid,
            Context = request.Context,
            Parameters = request.Parameters,
            MaintenanceVersion = request.MaintenanceVersion ?? plan.MaintenanceVersion,
            OriginatingIdentity = request.OriginatingIdentity,
            State = InstanceState.Provisioning,
            ProvisionFingerprint = fingerprint,
            LastOperation = operation,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var (stored, existing) = await new IdempotentCreate<ServiceInstanceRecord>(
            Insert: token => store.Instances.TryInsertAsync(fresh, token),
            Read: token => store.Instances.GetAsync(request.InstanceId, token),
            IsLive: record => record.State != InstanceState.Deleted,
            ReplaceDead: (tombstone, token) =>
            {
                // The orphan sweep holds the id while it removes what a backend left of an earlier
                // instance: provisioning now would have the new instance's resources removed.
                if (tombstone.LastOperation.IsInProgress && !tombstone.LastOperation.IsClaimable(clock.GetUtcNow()))
                {
                    throw new BrokerException(BrokerFailure.ConcurrencyError, $"Resources an earlier instance '{request.InstanceId}' left behind are being removed; provision it again shortly.");
                }

                return store.Instances.TryReplaceAsync(fresh with { Version = tombstone.Version, History = tombstone.History }, token);
            }).RunAsync(cancellationToken);
        return stored is not null
            ? await starter.StartAsync(stored, cancellationToken)
            : AnswerExistingProvision(existing!, fingerprint, request.AcceptsIncomplete);
    }

    /// <summary>PATCH /v2/service_instances/{instance_id}</summary>
    public async Task<MutationResult<ServiceInstanceRecord>> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        RequireText(request.ServiceId, "service_id");
        if (request.PlanId is { Length: 0 })
        {
            throw new BrokerException(BrokerFailure.BadRequest, "plan_id must be a non-empty string when present.");
        }

        CheckPlatformsAgree(request.Context, request.OriginatingIdentity);
        while (true)
        {
            var instance = await RequireLiveInstanceAsync(request.InstanceId, cancellationToken);
            if (instance.ServiceId != request.ServiceId)
            {
                throw new BrokerException(BrokerFailure.BadRequest, $"service_id '{request.ServiceId}' is not the service of instance '{request.InstanceId}'.");
            }

            var currentPlan = catalog.Current.FindPlan(instance.PlanId)
                ?? throw new BrokerException(BrokerFailure.UnsupportedChange, $"The instance's plan '{instance.PlanId}' is no longer offered; it cannot be updated.");
            var targetPlan = currentPlan;
            if (request.PlanId is { } planId && planId != instance.PlanId)
            {
                targetPlan = catalog.Current.FindPlan(planId) is { } plan && plan.ServiceId == instance.ServiceId
                    ? plan
                    : throw new BrokerException(BrokerFailure.BadRequest, $"plan_id '{planId}' is not a plan of service '{instance.ServiceId}'.");
                if (!currentPlan.PlanUpdateable)
                {
                    throw new BrokerException(BrokerFailure.UnsupportedChange, $"Plan '{currentPlan.Plan.Name}' does not support plan changes (plan_updateable is false).")
                    {
                        InstanceUsable = true,
                        UpdateRepeatable = false,
                    };
                }
            }

            CheckMaintenanceVersion(targetPlan, request.MaintenanceVersion);
            ParameterValidation.Check(targetPlan.UpdateSchema, request.Parameters, "service_instance.update");

            var change = new InstanceChange
            {
                PlanId = targetPlan.Id != instance.PlanId ? targetPlan.Id : null,
                Parameters = request.Parameters,
                Context = request.Context is { } context && !JsonNode.DeepEquals(context, instance.Context) ? context : null,
                MaintenanceVersion = request.MaintenanceVersion is { } version && version != instance.MaintenanceVersion ? version : null,
            };
            var fingerprint = RequestFingerprint.Of(new JsonObject
            {
                ["plan_id"] = change.PlanId,
                ["parameters"] = request.Parameters?.DeepClone(),
                ["context"] = request.Context?.DeepClone(),
                ["maintenance_version"] = request.MaintenanceVersion,
            });

            if (instance.LastOperation.IsInProgress)
            {
                return instance.LastOperation.Kind == OperationKind.Update && RequestFingerprint.Same(instance.LastOperation.RequestFingerprint, fingerprint)
                    ? new MutationResult<ServiceInstanceRecord>(Completion.Accepted, instance, instance.LastOperation.Id)
                    : throw ConcurrencyError(instance);
            }

            if (instance.State == InstanceState.ProvisionFailed)
            {
                throw new BrokerException(BrokerFailure.UnsupportedChange, "The instance failed to provision; deprovision it and provision again.")
                {
                    InstanceUsable = false,
                    UpdateRepeatable = false,
                };
            }

            var contextOnly = change.PlanId is null && change.Parameters is null && change.MaintenanceVersion is null;
            if (contextOnly && change.Context is not null && !targetPlan.AllowContextUpdates)
            {
                throw new BrokerException(BrokerFailure.UnsupportedChange, $"Service '{targetPlan.Service.Name}' does not accept context-only updates (allow_context_updates is false).")
                {
                    InstanceUsable = true,
                    UpdateRepeatable = false,
                };
            }

            if (!targetPlan.AllowContextUpdates)
            {
                change = change with { Context = null };
            }

            if (change is { PlanId: null, Parameters: null, Context: null, MaintenanceVersion: null })
            {
                return new MutationResult<ServiceInstanceRecord>(Completion.AlreadyDone, instance);
            }

            var mode = ModeOf(targetPlan, OperationKind.Update);
            RequireAsyncSupport(mode, request.AcceptsIncomplete, "update");
            var operation = starter.Begin(OperationKind.Update, mode, clock.GetUtcNow(), request.OriginatingIdentity, fingerprint) with
            {
                Change = change,
            };
            if (await store.Instances.TryReplaceAsync(instance.StartingOperation(operation, clock.GetUtcNow()), cancellationToken) is { } stored)
            {
                return await starter.StartAsync(stored, cancellationToken);
            }
        }
    }

    /// <summary>DELETE /v2/service_instances/{instance_id}</summary>
    public async Task<MutationResult<ServiceInstanceRecord>> DeprovisionAsync(DeprovisionRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            var instance = await store.Instances.GetAsync(request.InstanceId, cancellationToken);
            var live = instance is { State: not InstanceState.Deleted } ? instance : null;

            // Checked in the order conformance suites expect: AsyncRequired (from the instance's
            // plan, or the plan named in the query), then missing ids, then 410.
            var plan = catalog.Current.FindPlan(live?.PlanId ?? request.PlanId ?? string.Empty);
            var mode = plan is null ? ExecutionMode.Blocking : ModeOf(plan, OperationKind.Deprovision);
            RequireAsyncSupport(mode, request.AcceptsIncomplete, "deprovision");

            RequireText(request.ServiceId, "service_id");
            RequireText(request.PlanId, "plan_id");
            if (live is null)
            {
                throw new BrokerException(BrokerFailure.ResourceGone, $"Instance '{request.InstanceId}' does not exist.");
            }

            if (request.ServiceId != live.ServiceId || (request.PlanId != live.PlanId && request.PlanId != live.LastOperation.Change?.PlanId))
            {
                throw new BrokerException(BrokerFailure.BadRequest, $"service_id and plan_id must be those of instance '{request.InstanceId}'.");
            }

            var current = live.LastOperation;
            if (current.IsInProgress && current.Kind == OperationKind.Deprovision)
            {
                // A Platform that did not accept incomplete cannot be told 202 for a delete another
                // request is still carrying out within its own response.
                return request.AcceptsIncomplete
                    ? new MutationResult<ServiceInstanceRecord>(Completion.Accepted, live, current.Id)
                    : throw ConcurrencyError(live);
            }

            if (current.IsInProgress && current.Kind == OperationKind.Update)
            {
                throw ConcurrencyError(live);
            }

            await RequireNoBindingOperationAsync(live.InstanceId, cancellationToken);
            var operation = starter.Begin(OperationKind.Deprovision, mode, clock.GetUtcNow(), request.OriginatingIdentity);

            // A provision still running is superseded: the new operation halts it and removes
            // whatever it created (the spec's "halt the current creation process").
            if (await store.Instances.TryReplaceAsync(live.StartingDeprovision(operation, clock.GetUtcNow()), cancellationToken) is { } stored)
            {
                if (current is { IsInProgress: true, Kind: OperationKind.Provision })
                {
                    halts.Halt(current.Id);
                }

                return await starter.StartAsync(stored, cancellationToken);
            }
        }
    }

    /// <summary>
    /// POST /v2/et/service_instances/{instance_id}/recreate: re-creates the backend resources from
    /// the stored request, asynchronously, visible to the Platform through last_operation.
    /// </summary>
    public async Task<MutationResult<ServiceInstanceRecord>> RecreateAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var instance = await RequireLiveInstanceAsync(instanceId, cancellationToken);
            if (instance.LastOperation.IsInProgress)
            {
                throw ConcurrencyError(instance);
            }

            var operation = starter.Begin(OperationKind.Recreate, ExecutionMode.Deferred, clock.GetUtcNow(), requestedBy: null);
            if (await store.Instances.TryReplaceAsync(instance.StartingOperation(operation, clock.GetUtcNow()), cancellationToken) is { } stored)
            {
                return await starter.StartAsync(stored, cancellationToken);
            }
        }
    }

    /// <summary>GET /v2/service_instances/{instance_id}</summary>
    public async Task<ServiceInstanceRecord> FetchAsync(string instanceId, string? serviceId, string? planId, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.GetAsync(instanceId, cancellationToken);
        if (instance is null || instance.State is InstanceState.Provisioning or InstanceState.ProvisionFailed or InstanceState.Deleted)
        {
            throw new BrokerException(BrokerFailure.NotFound, $"Instance '{instanceId}' does not exist or is still being provisioned.");
        }

        if (instance.LastOperation is { Kind: OperationKind.Update or OperationKind.Recreate, IsInProgress: true })
        {
            throw ConcurrencyError(instance);
        }

        return instance;
    }

    /// <summary>GET /v2/service_instances/{instance_id}/last_operation</summary>
    public async Task<Operation> LastOperationAsync(string instanceId, string? serviceId, string? planId, string? operationId, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.GetAsync(instanceId, cancellationToken)
            ?? throw new BrokerException(BrokerFailure.NotFound, $"Instance '{instanceId}' does not exist.");
        if (instance.State == InstanceState.Deleted)
        {
            throw new BrokerException(BrokerFailure.ResourceGone, $"Instance '{instanceId}' was deprovisioned.");
        }

        // An unknown operation value falls back to the current operation: some Platforms send a
        // fixed value, and the current operation is what every Platform is waiting for.
        return (operationId is null ? null : instance.FindOperation(operationId)) ?? instance.LastOperation;
    }

    private static MutationResult<ServiceInstanceRecord> AnswerExistingProvision(ServiceInstanceRecord existing, string fingerprint, bool acceptsIncomplete)
    {
        if (!RequestFingerprint.Same(existing.ProvisionFingerprint, fingerprint))
        {
            throw new BrokerException(BrokerFailure.AlreadyExists, $"Instance '{existing.InstanceId}' already exists with different attributes.");
        }

        return existing switch
        {
            // A Platform that did not accept incomplete cannot be told 202 for a blocking provision still running.
            { State: InstanceState.Provisioning } when existing.LastOperation.Async || acceptsIncomplete => new(Completion.Accepted, existing, existing.LastOperation.Id),
            { State: InstanceState.Provisioning } => throw ConcurrencyError(existing),
            { State: InstanceState.Ready } => new(Completion.AlreadyDone, existing),
            { State: InstanceState.ProvisionFailed } => throw new BrokerException(BrokerFailure.AlreadyExists, $"Instance '{existing.InstanceId}' exists but failed to provision; deprovision it first."),
            _ => throw new BrokerException(BrokerFailure.AlreadyExists, $"Instance '{existing.InstanceId}' is being deprovisioned."),
        };
    }

    private CatalogPlan RequirePlan(string? serviceId, string? planId)
    {
        RequireText(serviceId, "service_id");
        RequireText(planId, "plan_id");
        var service = catalog.Current.FindService(serviceId!)
            ?? throw new BrokerException(BrokerFailure.BadRequest, $"service_id '{serviceId}' is not in the catalog.");
        var plan = catalog.Current.FindPlan(planId!);
        return plan is not null && plan.ServiceId == service.Id
            ? plan
            : throw new BrokerException(BrokerFailure.BadRequest, $"plan_id '{planId}' is not a plan of service '{serviceId}'.");
    }

    private async Task<ServiceInstanceRecord> RequireLiveInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await store.Instances.GetAsync(instanceId, cancellationToken);
        return instance is { State: not InstanceState.Deleted }
            ? instance
            : throw new BrokerException(BrokerFailure.NotFound, $"Instance '{instanceId}' does not exist.");
    }

    private async Task RequireNoBindingOperationAsync(string instanceId, CancellationToken cancellationToken)
    {
        var query = new RecordQuery(new Dictionary<string, string>
        {
            [IndexedField.InstanceId] = instanceId,
            [IndexedField.HasPendingOperation] = "true",
        }, Limit: 1);
        if ((await store.Bindings.ListAsync(query, cancellationToken)).Items.Count > 0)
        {
            throw new BrokerException(BrokerFailure.ConcurrencyError, $"A binding operation on instance '{instanceId}' is in progress.");
        }
    }

    private ExecutionMode ModeOf(CatalogPlan plan, OperationKind kind) =>
        backends.For(plan.Manifest.ManifestType).ModeOf(kind, plan.Manifest);

    private static BrokerException ConcurrencyError(ServiceInstanceRecord instance) => new(
        BrokerFailure.ConcurrencyError,
        $"Another operation ({instance.LastOperation.Kind.ToString().ToLowerInvariant()}) on instance '{instance.InstanceId}' is in progress.");

    private static void CheckMaintenanceVersion(CatalogPlan plan, string? requested)
    {
        if (requested is not null && requested != plan.MaintenanceVersion)
        {
            throw new BrokerException(
                BrokerFailure.MaintenanceInfoConflict,
                plan.MaintenanceVersion is null
                    ? $"Plan '{plan.Plan.Name}' has no maintenance_info; the requested version '{requested}' cannot be applied."
                    : $"The maintenance information for plan '{plan.Plan.Name}' is version '{plan.MaintenanceVersion}', not '{requested}'.");
        }
    }
}
