using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Esm.Api.Generated;
using Esm.Service.Backends;
using Esm.Service.Catalog;
using Esm.Service.Failures;
using Esm.Service.Model;
using Esm.Service.Operations;
using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;
using Esm.Service.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Esm.Service.Tests.Operations;

/// <summary>
/// The Operations module on its own: an in-memory store, a fake clock, one plan realised by a
/// backend the test steers, and the leases, runner and worker built as the broker builds them.
/// </summary>
internal sealed class OperationsHarness : IDisposable
{
    public const string PlanId = "plan";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public OperationsHarness()
    {
        var catalog = new CatalogProvider();
        var offering = new ServiceOffering { Id = "service", Name = "service", Description = "d", Bindable = true, Plans = [] };
        var plan = new ServicePlan { Id = PlanId, Name = "plan", Description = "d" };
        var manifest = new PlanManifest { ManifestId = "m", ServiceId = offering.Id, PlanId = PlanId, ManifestType = SteeredBackend.Type };
        catalog.Replace(new BrokerCatalog([offering], [new CatalogPlan(offering, plan, manifest, new PlanSchemas(null, null, null))]));
        Leases = NewLeases();
        var telemetry = new EsmTelemetry(_meters.GetRequiredService<IMeterFactory>(), Clock);
        Runner = new OperationRunner(Store, catalog, new BackendRegistry([Backend]), Halts, Leases, telemetry, Clock, NullLogger<OperationRunner>.Instance);
        Worker = new OperationWorker(Store, Runner, Leases, Clock, NullLogger<OperationWorker>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public InMemoryStore Store { get; } = new();

    public SteeredBackend Backend { get; } = new();

    public OperationHalts Halts { get; } = new();

    public OperationLeases Leases { get; }

    public OperationRunner Runner { get; }

    public OperationWorker Worker { get; }

    /// <summary>The leases of another replica on the same store and clock.</summary>
    public OperationLeases NewLeases() => new(Clock, LeaseDuration, NullLogger<OperationLeases>.Instance);

    /// <summary>An instance in the store with an operation of <paramref name="kind"/> in progress, claimed by <paramref name="runner"/> until <paramref name="leaseExpires"/> (unclaimed when null).</summary>
    public async Task<ServiceInstanceRecord> StoreOperationAsync(string id, OperationKind kind = OperationKind.Provision, string? runner = null, DateTimeOffset? leaseExpires = null)
    {
        var operation = Operation.Start(kind, async: true, Clock.GetUtcNow(), requestedBy: null) with { RunnerId = runner, LeaseExpiresAt = leaseExpires };
        var record = new ServiceInstanceRecord
        {
            InstanceId = id,
            Incarnation = operation.Id,
            ServiceId = "service",
            PlanId = PlanId,
            State = kind == OperationKind.Provision ? InstanceState.Provisioning : InstanceState.Ready,
            ProvisionFingerprint = "f",
            LastOperation = operation,
            CreatedAt = Clock.GetUtcNow(),
            UpdatedAt = Clock.GetUtcNow(),
        };
        return (await Store.Instances.TryInsertAsync(record, CancellationToken.None))!;
    }

    public async Task<ServiceInstanceRecord> InstanceAsync(string id) => (await Store.Instances.GetAsync(id, CancellationToken.None))!;

    /// <summary>Waits for a condition the worker's or the renewal timer's tasks bring about, with a generous bound.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), what);
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        Worker.Dispose();
        Leases.Dispose();
        _meters.Dispose();
    }

    /// <summary>A backend that provisions as the test says: at once, after a gate opens, or with a failure.</summary>
    public sealed class SteeredBackend : IBackend
    {
        public const string Type = "steered";

        private TaskCompletionSource? _gate;

        private int _provisions;

        public string ManifestType => Type;

        /// <summary>How many provisions began; the worker runs several at once, so counted atomically.</summary>
        public int Provisions => Volatile.Read(ref _provisions);

        public string? Failure { get; set; }

        public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldProvisions() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseProvisions() => _gate!.TrySetResult();

        public ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) => ExecutionMode.Deferred;

        public Problems ValidateManifest(PlanManifest manifest) => Problems.None;

        public async Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _provisions);
            Started.TrySetResult();
            progress.Report("Half way.");
            if (_gate is not null)
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }

            return Failure is { } reason
                ? throw new BackendException(reason)
                : new InstanceOutcome(new JsonObject { ["provisioned_by"] = "steered" }, Description: "Ready to dream.");
        }

        public Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
            Task.FromResult(new InstanceOutcome(null));

        public Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) =>
            Task.FromResult(new BindingOutcome([]));

        public Task UnbindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<JsonObject> DescribeAsync(ServiceInstanceRecord instance, PlanManifest manifest, CancellationToken cancellationToken) => Task.FromResult(new JsonObject());

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
