using Esm.Service.Backends;
using Esm.Service.Catalog;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Telemetry;

namespace Esm.Service.Operations;

/// <summary>
/// Carries out one stored operation against its backend while this process holds it (so that it
/// runs once among replicas), reports progress into the store and writes the outcome with
/// compare-and-set. It stops quietly when the operation is no longer the record's current one (a
/// delete took over) or when the broker shuts down; the operation then stays in progress and is
/// resumed once its claim lapses.
/// </summary>
public sealed partial class OperationRunner(
    IStore store,
    ICatalogProvider catalog,
    BackendRegistry backends,
    OperationHalts halts,
    OperationLeases leases,
    EsmTelemetry telemetry,
    TimeProvider clock,
    ILogger<OperationRunner> logger)
{
    /// <summary>Claims a deferred (or abandoned) operation and runs it, unless it is not there to claim.</summary>
    public async Task RunAsync(OperationTicket ticket, CancellationToken stopping)
    {
        if (ticket.BindingId is null)
        {
            if (await leases.TryClaimAsync(store.Instances, ticket.InstanceId, ticket.OperationId, stopping) is { } instance)
            {
                await RunInstanceOperationAsync(instance, stopping);
            }
        }
        else if (await leases.TryClaimAsync(store.Bindings, ServiceBindingRecord.KeyOf(ticket.InstanceId, ticket.BindingId), ticket.OperationId, stopping) is { } binding)
        {
            var instance = await store.Instances.GetAsync(ticket.InstanceId, stopping);
            await RunBindingOperationAsync(binding, instance, stopping);
        }
    }

    /// <summary>Runs the operation of an instance stored already claimed by this process; returns the record it leaves.</summary>
    public Task<HeldWrite<ServiceInstanceRecord>> RunClaimedAsync(ServiceInstanceRecord claimed, CancellationToken stopping) =>
        RunInstanceOperationAsync(leases.Hold(store.Instances, claimed), stopping);

    /// <summary>Runs the operation of a binding stored already claimed by this process; returns the record it leaves.</summary>
    /// <param name="instance">The binding's instance as the caller has it; null to read it from the store.</param>
    public async Task<HeldWrite<ServiceBindingRecord>> RunClaimedAsync(ServiceBindingRecord claimed, ServiceInstanceRecord? instance, CancellationToken stopping)
    {
        var held = leases.Hold(store.Bindings, claimed);
        return await RunBindingOperationAsync(held, instance ?? await store.Instances.GetAsync(claimed.InstanceId, stopping), stopping);
    }

    private async Task<HeldWrite<ServiceInstanceRecord>> RunInstanceOperationAsync(HeldOperation<ServiceInstanceRecord> held, CancellationToken stopping)
    {
        using var claim = leases.KeepAlive(held);
        var instance = held.Record;
        var operation = instance.LastOperation;
        var planId = operation.Change?.PlanId ?? instance.PlanId;
        var plan = catalog.Current.FindPlan(planId);
        using var run = telemetry.BeginOperation(operation.Kind, operation.Id, instance.ServiceId, planId, plan?.Manifest.ManifestType);
        using var registration = halts.Register(operation.Id, stopping);
        var progress = new StoredProgress(description => RecordProgressAsync(held, description));
        Func<ServiceInstanceRecord, ServiceInstanceRecord?> finish;
        try
        {
            if (plan is null)
            {
                throw new BackendException($"The plan '{operation.Change?.PlanId ?? instance.PlanId}' is no longer in the catalog.", updateRepeatable: false);
            }

            var backend = backends.For(plan.Manifest.ManifestType);
            var work = new InstanceWork(instance, plan.Manifest, store.Identity, operation.Change);
            finish = operation.Kind switch
            {
                OperationKind.Provision => Provisioned(await backend.ProvisionAsync(work, progress, registration.Token)),
                OperationKind.Update => Updated(await backend.UpdateAsync(work, progress, registration.Token)),
                OperationKind.Deprovision => await DeprovisionedAsync(work, backend, progress, registration.Token),
                OperationKind.Recreate => await RecreatedAsync(work, backend, progress, registration.Token),
                _ => throw new InvalidOperationException($"{operation.Kind} is not an instance operation"),
            };
        }
        catch (OperationCanceledException) when (registration.Token.IsCancellationRequested)
        {
            logger.LogInformation("Operation {OperationId} on instance {InstanceId} stopped (halted or shutting down).", operation.Id, instance.InstanceId);
            return await held.StopAsync();
        }
        catch (Exception e)
        {
            var failure = AsBackendFailure(e, operation.Id);
            finish = current => current.OperationFailed(failure.Message, failure.InstanceUsable, failure.UpdateRepeatable, clock.GetUtcNow());
        }

        await progress.DrainAsync();
        return await FinishAsync(held, operation, finish, run);
    }

    /// <param name="description">What last_operation says; the backend's last word, or "Provisioned.", when null.</param>
    private Func<ServiceInstanceRecord, ServiceInstanceRecord?> Provisioned(InstanceOutcome outcome, string? description = null) =>
        current => current.Provisioned(outcome.BackendState, outcome.DashboardUrl, description ?? outcome.Description ?? "Provisioned.", clock.GetUtcNow());

    private Func<ServiceInstanceRecord, ServiceInstanceRecord?> Updated(InstanceOutcome outcome) =>
        current => current.Updated(outcome.BackendState, outcome.DashboardUrl, outcome.Description ?? "Updated.", clock.GetUtcNow());

    private async Task<Func<ServiceInstanceRecord, ServiceInstanceRecord?>> RecreatedAsync(
        InstanceWork work, IBackend backend, IProgress<string> progress, CancellationToken cancellationToken)
    {
        // Both calls are idempotent, so a recreate interrupted by a crash simply runs again.
        await backend.DeprovisionAsync(work, progress, cancellationToken);
        return Provisioned(await backend.ProvisionAsync(work, progress, cancellationToken), "Recreated.");
    }

    private async Task<Func<ServiceInstanceRecord, ServiceInstanceRecord?>> DeprovisionedAsync(
        InstanceWork work, IBackend backend, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await backend.DeprovisionAsync(work, progress, cancellationToken);
        await store.DeleteAllAsync(work.Instance.InstanceId, binding => halts.Halt(binding.LastOperation.Id), cancellationToken);
        return current => current.Deprovisioned(clock.GetUtcNow());
    }

    private async Task<HeldWrite<ServiceBindingRecord>> RunBindingOperationAsync(
        HeldOperation<ServiceBindingRecord> held, ServiceInstanceRecord? instance, CancellationToken stopping)
    {
        using var claim = leases.KeepAlive(held);
        var binding = held.Record;
        var operationId = binding.LastOperation.Id;
        var bindingPlan = catalog.Current.FindPlan(binding.PlanId);
        using var run = telemetry.BeginOperation(binding.LastOperation.Kind, operationId, binding.ServiceId, binding.PlanId, bindingPlan?.Manifest.ManifestType);
        using var registration = halts.Register(operationId, stopping);
        var progress = new StoredProgress(description => RecordProgressAsync(held, description));
        Func<ServiceBindingRecord, ServiceBindingRecord?> finish;
        try
        {
            var plan = bindingPlan ?? throw new BackendException($"The plan '{binding.PlanId}' is no longer in the catalog.");
            if (instance is null)
            {
                throw new BackendException("The binding's instance no longer exists.");
            }

            var backend = backends.For(plan.Manifest.ManifestType);
            var work = new BindingWork(instance, binding, plan.Manifest);
            if (binding.LastOperation.Kind == OperationKind.Bind)
            {
                var outcome = await backend.BindAsync(work, progress, registration.Token);
                finish = current => current.Bound(outcome.Result, plan.Manifest.BindingTimeToLive, clock.GetUtcNow());
            }
            else
            {
                await backend.UnbindAsync(work, progress, registration.Token);
                finish = current => current.Unbound(clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (registration.Token.IsCancellationRequested)
        {
            logger.LogInformation("Operation {OperationId} on binding {BindingId} stopped (halted or shutting down).", operationId, binding.BindingId);
            return await held.StopAsync();
        }
        catch (Exception e)
        {
            var failure = AsBackendFailure(e, operationId);
            finish = current => current.OperationFailed(failure.Message, clock.GetUtcNow());
        }

        await progress.DrainAsync();
        return await FinishAsync(held, binding.LastOperation, finish, run);
    }

    private BackendException AsBackendFailure(Exception e, string operationId)
    {
        if (e is BackendException failure)
        {
            logger.LogWarning("Operation {OperationId} failed: {Reason}", operationId, failure.Message);
            return failure;
        }

        logger.LogError(e, "Operation {OperationId} failed unexpectedly.", operationId);
        return new BackendException("The operation failed unexpectedly in the broker; see its log.", inner: e);
    }

    /// <summary>
    /// Writes the outcome while this process still holds the operation, whatever the shutdown
    /// token says: the work is done, and losing its outcome would make a resumed run repeat it.
    /// </summary>
    private async Task<HeldWrite<T>> FinishAsync<T>(HeldOperation<T> held, Operation operation, Func<T, T?> finish, OperationRun run)
        where T : class, IOperationRecord<T>
    {
        var finished = await held.UpdateAsync(finish, CancellationToken.None);
        if (finished.Written)
        {
            run.End(finished.Record?.LastOperation.State);

            // A blocking operation's outcome is already its request's log line (201, 200 or 500):
            // a second line would double what every mutation costs the console logger.
            LogEnded(
                logger,
                operation.Async ? LogLevel.Information : LogLevel.Debug,
                operation.Id,
                operation.Kind,
                held.Record.Key,
                finished.Record?.LastOperation.State ?? OperationState.Succeeded);
        }

        return finished;
    }

    private Task RecordProgressAsync<T>(HeldOperation<T> held, string description)
        where T : class, IOperationRecord<T> =>
        held.UpdateAsync(current => current.WithProgress(description), CancellationToken.None);

    [LoggerMessage(Message = "Operation {OperationId} ({Kind}) of {Key} ended: {State}.")]
    private static partial void LogEnded(ILogger logger, LogLevel level, string operationId, OperationKind kind, string key, OperationState state);
}
