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
/// The OSB rules for Service Bindings: many per instance, idempotent re-sends, conflicts,
/// RequiresApp, rotation with predecessor_binding_id, and credentials never in a 202.
/// </summary>
public sealed class ServiceBindingBroker(
    IStore store,
    ICatalogProvider catalog,
    BackendRegistry backends,
    OperationStarter starter,
    OperationHalts halts,
    TimeProvider clock)
{
    /// <summary>PUT /v2/service_instances/{instance_id}/service_bindings/{binding_id}</summary>
    public async Task<MutationResult<ServiceBindingRecord>> BindAsync(BindRequest request, CancellationToken cancellationToken)
    {
        RequireText(request.ServiceId, "service_id");
        RequireText(request.PlanId, "plan_id");
        CheckHint(request.AppGuid, "app_guid");
        CheckPlatformsAgree(request.Context, request.OriginatingIdentity);
        var instance = await store.Instances.GetAsync(request.InstanceId, cancellationToken);
        if (instance is null || instance.State == InstanceState.Deleted)
        {
            throw new BrokerException(BrokerFailure.NotFound, $"Instance '{request.InstanceId}' does not exist.");
        }

        if (request.ServiceId != instance.ServiceId || request.PlanId != instance.PlanId)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"service_id and plan_id must be those of instance '{request.InstanceId}'.");
        }

        var plan = catalog.Current.FindPlan(instance.PlanId)
            ?? throw new BrokerException(BrokerFailure.UnsupportedChange, $"The instance's plan '{instance.PlanId}' is no longer offered.");
        if (!plan.Bindable)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"Plan '{plan.Plan.Name}' is not bindable.");
        }

        var predecessor = request.PredecessorBindingId is null ? null : await RequirePredecessorAsync(request, instance, plan, cancellationToken);
        var appGuid = request.AppGuid ?? TextOf(request.BindResource, "app_guid") ?? predecessor?.AppGuid;
        if (plan.Manifest.RequiresApp && string.IsNullOrEmpty(appGuid))
        {
            throw new BrokerException(BrokerFailure.RequiresApp, "This Service Plan supports generation of credentials through binding an application only (bind_resource.app_guid).");
        }

        // A successor carries its predecessor's parameters: the Platform need not keep them.
        var parameters = request.Parameters ?? (JsonObject?)predecessor?.Parameters?.DeepClone();
        ParameterValidation.Check(plan.BindSchema, parameters, "service_binding.create");
        var mode = backends.For(plan.Manifest.ManifestType).ModeOf(OperationKind.Bind, plan.Manifest);
        RequireAsyncSupport(mode, request.AcceptsIncomplete, "binding");

        var fingerprint = RequestFingerprint.Of(new JsonObject
        {
            ["service_id"] = request.ServiceId,
            ["plan_id"] = request.PlanId,
            ["app_guid"] = request.AppGuid,
            ["bind_resource"] = request.BindResource?.DeepClone(),
            ["context"] = request.Context?.DeepClone(),
            ["parameters"] = request.Parameters?.DeepClone(),
            ["predecessor_binding_id"] = request.PredecessorBindingId,
        });
        var key = ServiceBindingRecord.KeyOf(request.InstanceId, request.BindingId);
        var now = clock.GetUtcNow();
        var record = new ServiceBindingRecord
        {
            InstanceId = request.InstanceId,
            BindingId = request.BindingId,
            InstanceIncarnation = instance.Incarnation,
            ServiceId = instance.ServiceId,
            PlanId = instance.PlanId,
            AppGuid = appGuid,
            BindResource = request.BindResource,
            Context = request.Context,
            Parameters = parameters,
            PredecessorBindingId = request.PredecessorBindingId,
            OriginatingIdentity = request.OriginatingIdentity,
            State = BindingState.Binding,
            BindFingerprint = fingerprint,
            LastOperation = starter.Begin(OperationKind.Bind, mode, now, request.OriginatingIdentity, fingerprint),
            CreatedAt = now,
            UpdatedAt = now,
        };

        // A re-sent request is answered from the existing binding even while the instance cannot
        // be bound; a binding left by an earlier instance of the same id is written over like a
        // deleted one; every write goes through the rule that no binding outlives its instance.
        var bindable = instance.State == InstanceState.Ready && !instance.LastOperation.IsInProgress;
        var (stored, existing) = await new IdempotentCreate<ServiceBindingRecord>(
            Insert: async token => bindable
                ? await StoreUnderInstanceAsync(record, instance, replacedVersion: null, token)
                : await store.Bindings.GetAsync(key, token) is null ? throw Unbindable(instance) : null,
            Read: token => store.Bindings.GetAsync(key, token),
            IsLive: binding => binding.State != BindingState.Deleted && binding.InstanceIncarnation == instance.Incarnation,
            ReplaceDead: (dead, token) => bindable
                ? StoreUnderInstanceAsync(record, instance, dead.Version, token)
                : throw Unbindable(instance)).RunAsync(cancellationToken);
        return stored is not null
            ? await starter.StartAsync(stored, instance, cancellationToken)
            : AnswerExistingBinding(existing!, fingerprint, request.AcceptsIncomplete);
    }

    /// <summary>DELETE /v2/service_instances/{instance_id}/service_bindings/{binding_id}</summary>
    public async Task<MutationResult<ServiceBindingRecord>> UnbindAsync(UnbindRequest request, CancellationToken cancellationToken)
    {
        var key = ServiceBindingRecord.KeyOf(request.InstanceId, request.BindingId);
        while (true)
        {
            var existing = await store.Bindings.GetAsync(key, cancellationToken);
            var instance = existing is { State: not BindingState.Deleted } ? await CurrentInstanceOfAsync(existing, cancellationToken) : null;
            var live = instance is null ? null : existing;

            // The order conformance suites expect for bindings: AsyncRequired, then 410, then missing ids.
            var plan = catalog.Current.FindPlan(live?.PlanId ?? request.PlanId ?? string.Empty);
            var mode = plan is null ? ExecutionMode.Blocking : backends.For(plan.Manifest.ManifestType).ModeOf(OperationKind.Unbind, plan.Manifest);
            RequireAsyncSupport(mode, request.AcceptsIncomplete, "unbinding");

            if (live is null)
            {
                throw new BrokerException(BrokerFailure.ResourceGone, $"Binding '{request.BindingId}' of instance '{request.InstanceId}' does not exist.");
            }

            RequireText(request.ServiceId, "service_id");
            RequireText(request.PlanId, "plan_id");
            if (request.ServiceId != live.ServiceId || request.PlanId != live.PlanId)
            {
                throw new BrokerException(BrokerFailure.BadRequest, $"service_id and plan_id must be those of binding '{request.BindingId}'.");
            }

            var current = live.LastOperation;
            if (current is { Kind: OperationKind.Unbind, IsInProgress: true })
            {
                // As for deprovisions: without accepts_incomplete, 202 is never an answer.
                return request.AcceptsIncomplete
                    ? new MutationResult<ServiceBindingRecord>(Completion.Accepted, live, current.Id)
                    : throw new BrokerException(BrokerFailure.ConcurrencyError, $"Binding '{request.BindingId}' is being unbound by another request.");
            }

            var halted = current is { Kind: OperationKind.Bind, IsInProgress: true };
            var next = live with
            {
                State = BindingState.Unbinding,
                LastOperation = starter.Begin(OperationKind.Unbind, mode, clock.GetUtcNow(), request.OriginatingIdentity),
                UpdatedAt = clock.GetUtcNow(),
            };
            if (await store.Bindings.TryReplaceAsync(next, cancellationToken) is { } stored)
            {
                if (halted)
                {
                    halts.Halt(current.Id);
                }

                return await starter.StartAsync(stored, instance, cancellationToken);
            }
        }
    }

    /// <summary>GET /v2/service_instances/{instance_id}/service_bindings/{binding_id}</summary>
    public async Task<ServiceBindingRecord> FetchAsync(string instanceId, string bindingId, string? serviceId, string? planId, CancellationToken cancellationToken)
    {
        var binding = await store.Bindings.GetAsync(ServiceBindingRecord.KeyOf(instanceId, bindingId), cancellationToken);
        return binding is { State: BindingState.Ready or BindingState.Unbinding } && await CurrentInstanceOfAsync(binding, cancellationToken) is not null
            ? binding
            : throw new BrokerException(BrokerFailure.NotFound, $"Binding '{bindingId}' of instance '{instanceId}' does not exist or is still being created.");
    }

    /// <summary>GET /v2/service_instances/{instance_id}/service_bindings/{binding_id}/last_operation</summary>
    public async Task<Operation> LastOperationAsync(string instanceId, string bindingId, string? serviceId, string? planId, string? operationId, CancellationToken cancellationToken)
    {
        var binding = await store.Bindings.GetAsync(ServiceBindingRecord.KeyOf(instanceId, bindingId), cancellationToken)
            ?? throw new BrokerException(BrokerFailure.NotFound, $"Binding '{bindingId}' of instance '{instanceId}' does not exist.");
        return binding.State == BindingState.Deleted || await CurrentInstanceOfAsync(binding, cancellationToken) is null
            ? throw new BrokerException(BrokerFailure.ResourceGone, $"Binding '{bindingId}' was unbound.")
            : binding.LastOperation;
    }

    /// <summary>
    /// The instance the binding belongs to, if it is the one that now has its id: a binding of an
    /// earlier instance of the same id (one a crash or an older broker left behind) is not this one's.
    /// </summary>
    private async Task<ServiceInstanceRecord?> CurrentInstanceOfAsync(ServiceBindingRecord binding, CancellationToken cancellationToken) =>
        await store.Instances.GetAsync(binding.InstanceId, cancellationToken) is { State: not InstanceState.Deleted } instance
        && instance.Incarnation == binding.InstanceIncarnation
            ? instance
            : null;

    private async Task<ServiceBindingRecord> RequirePredecessorAsync(BindRequest request, ServiceInstanceRecord instance, CatalogPlan plan, CancellationToken cancellationToken)
    {
        if (!plan.BindingRotatable)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"Plan '{plan.Plan.Name}' does not support binding rotation (binding_rotatable is false).");
        }

        var predecessor = await store.Bindings.GetAsync(ServiceBindingRecord.KeyOf(request.InstanceId, request.PredecessorBindingId!), cancellationToken);
        if (predecessor is not { State: BindingState.Ready } || predecessor.InstanceIncarnation != instance.Incarnation)
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"predecessor_binding_id '{request.PredecessorBindingId}' is not a binding of instance '{request.InstanceId}'.");
        }

        return predecessor.ExpiresAt is { } expires && expires <= clock.GetUtcNow()
            ? throw new BrokerException(BrokerFailure.BadRequest, $"Binding '{request.PredecessorBindingId}' has expired and cannot be rotated.")
            : predecessor;
    }

    private static MutationResult<ServiceBindingRecord> AnswerExistingBinding(ServiceBindingRecord existing, string fingerprint, bool acceptsIncomplete)
    {
        if (!RequestFingerprint.Same(existing.BindFingerprint, fingerprint))
        {
            throw new BrokerException(BrokerFailure.AlreadyExists, $"Binding '{existing.BindingId}' already exists with different parameters.");
        }

        return existing.State switch
        {
            BindingState.Binding when existing.LastOperation.Async || acceptsIncomplete => new(Completion.Accepted, existing, existing.LastOperation.Id),
            BindingState.Binding => throw new BrokerException(BrokerFailure.ConcurrencyError, $"Binding '{existing.BindingId}' is being created."),
            BindingState.Ready => new(Completion.AlreadyDone, existing),
            BindingState.BindFailed => throw new BrokerException(BrokerFailure.AlreadyExists, $"Binding '{existing.BindingId}' exists but failed; unbind it first."),
            _ => throw new BrokerException(BrokerFailure.ConcurrencyError, $"Binding '{existing.BindingId}' is being unbound."),
        };
    }

    /// <summary>
    /// Stores the binding under the rule that none outlives its instance. When a deprovision marked
    /// the instance meanwhile, the binding was taken back and the request is refused: it was for the
    /// instance it read, never for one provisioned again under the same id.
    /// </summary>
    private async Task<ServiceBindingRecord?> StoreUnderInstanceAsync(ServiceBindingRecord record, ServiceInstanceRecord instance, long? replacedVersion, CancellationToken cancellationToken)
    {
        var written = await store.TryStoreAsync(record, replacedVersion, cancellationToken);
        if (!written.InstanceGone)
        {
            return written.Record;
        }

        var current = await store.Instances.GetAsync(instance.InstanceId, cancellationToken);
        throw current is null or { State: InstanceState.Deleted } || current.Incarnation != instance.Incarnation
            ? new BrokerException(BrokerFailure.NotFound, $"Instance '{instance.InstanceId}' does not exist.")
            : Unbindable(current);
    }

    /// <summary>A failed provision is never bound (404, as fetching it is); an operation in progress is waited for (422).</summary>
    private static BrokerException Unbindable(ServiceInstanceRecord instance) => instance.State == InstanceState.ProvisionFailed
        ? new BrokerException(BrokerFailure.NotFound, $"Instance '{instance.InstanceId}' failed to provision and cannot be bound; deprovision it.")
        : new BrokerException(BrokerFailure.ConcurrencyError, $"Instance '{instance.InstanceId}' cannot be bound now: an operation ({instance.LastOperation.Kind.ToString().ToLowerInvariant()}) is in progress.");

    private static string? TextOf(JsonObject? node, string field) =>
        node?[field] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
