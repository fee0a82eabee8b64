using Esm.Service.Model;
using Esm.Service.Operations;

namespace Esm.Service.Tests.Operations;

/// <summary>The runner on its own: it writes an operation's outcome only while it holds the operation.</summary>
public sealed class OperationRunnerTests
{
    private OperationsHarness _harness = null!;

    [SetUp]
    public void Start() => _harness = new OperationsHarness();

    [TearDown]
    public void Stop() => _harness.Dispose();

    [Test]
    public async Task A_provision_ends_ready_with_what_the_backend_keeps_and_its_last_word()
    {
        var stored = await _harness.StoreOperationAsync("i");

        await _harness.Runner.RunAsync(new OperationTicket("i", null, stored.LastOperation.Id), CancellationToken.None);

        var instance = await _harness.InstanceAsync("i");
        Assert.That(instance.State, Is.EqualTo(InstanceState.Ready));
        Assert.That(instance.LastOperation.State, Is.EqualTo(OperationState.Succeeded));
        Assert.That(instance.LastOperation.Description, Is.EqualTo("Ready to dream."));
        Assert.That(instance.LastOperation.FinishedAt, Is.EqualTo(_harness.Clock.GetUtcNow()));
        Assert.That(instance.BackendState?["provisioned_by"]?.GetValue<string>(), Is.EqualTo("steered"));
    }

    [Test]
    public async Task A_backend_failure_leaves_a_failed_provision_with_its_reason()
    {
        var stored = await _harness.StoreOperationAsync("i");
        _harness.Backend.Failure = "The engine said no.";

        await _harness.Runner.RunAsync(new OperationTicket("i", null, stored.LastOperation.Id), CancellationToken.None);

        var instance = await _harness.InstanceAsync("i");
        Assert.That((instance.State, instance.LastOperation.State, instance.LastOperation.Description), Is.EqualTo((InstanceState.ProvisionFailed, OperationState.Failed, "The engine said no.")));
    }

    [Test]
    public async Task An_operation_another_runner_holds_is_not_run()
    {
        var stored = await _harness.StoreOperationAsync("i", runner: "another-replica", leaseExpires: _harness.Clock.GetUtcNow() + OperationsHarness.LeaseDuration);

        await _harness.Runner.RunAsync(new OperationTicket("i", null, stored.LastOperation.Id), CancellationToken.None);

        Assert.That(_harness.Backend.Provisions, Is.Zero);
        Assert.That((await _harness.InstanceAsync("i")).LastOperation, Is.EqualTo(stored.LastOperation));
    }

    [Test]
    public async Task An_operation_taken_over_while_it_ran_writes_nothing_when_it_ends()
    {
        var stored = await _harness.StoreOperationAsync("i");
        _harness.Backend.HoldProvisions();
        var running = _harness.Runner.RunAsync(new OperationTicket("i", null, stored.LastOperation.Id), CancellationToken.None);
        await _harness.Backend.Started.Task;

        // This runner stops renewing (a stalled process); its claim lapses and another replica takes
        // over, with a compare-and-set like any replica's: the runner may still be storing the
        // backend's progress, so a takeover that meets a newer version reads again.
        ServiceInstanceRecord? takenOver = null;
        for (var attempt = 0; attempt < 100 && takenOver is null; attempt++)
        {
            var claimed = await _harness.InstanceAsync("i");
            var takeover = claimed with { LastOperation = claimed.LastOperation with { RunnerId = "another-replica", LeaseExpiresAt = _harness.Clock.GetUtcNow() + OperationsHarness.LeaseDuration } };
            takenOver = await _harness.Store.Instances.TryReplaceAsync(takeover, CancellationToken.None);
        }

        Assert.That(takenOver, Is.Not.Null);
        _harness.Backend.ReleaseProvisions();
        await running;

        var instance = await _harness.InstanceAsync("i");
        Assert.That(instance.State, Is.EqualTo(InstanceState.Provisioning), "the outcome is the other runner's to write");
        Assert.That(instance.LastOperation.RunnerId, Is.EqualTo("another-replica"));
    }

    [Test]
    public async Task A_halted_operation_stops_and_writes_nothing()
    {
        var stored = await _harness.StoreOperationAsync("i");
        _harness.Backend.HoldProvisions();
        var running = _harness.Runner.RunAsync(new OperationTicket("i", null, stored.LastOperation.Id), CancellationToken.None);
        await _harness.Backend.Started.Task;

        _harness.Halts.Halt(stored.LastOperation.Id);
        await running;

        var instance = await _harness.InstanceAsync("i");
        Assert.That((instance.State, instance.LastOperation.State), Is.EqualTo((InstanceState.Provisioning, OperationState.InProgress)));
    }
}
