using Esm.Service.Model;

namespace Esm.Service.Tests.Operations;

/// <summary>The worker's resumption sweep, on a fake clock: it finishes what nobody runs, and leaves what someone does.</summary>
public sealed class OperationWorkerTests
{
    private OperationsHarness _harness = null!;

    [SetUp]
    public void Start() => _harness = new OperationsHarness();

    [TearDown]
    public async Task Stop()
    {
        await _harness.Worker.StopAsync(CancellationToken.None);
        _harness.Dispose();
    }

    [Test]
    public async Task At_start_the_sweep_resumes_operations_whose_claim_lapsed_and_leaves_live_claims_and_orphan_sweeps()
    {
        var now = _harness.Clock.GetUtcNow();
        await _harness.StoreOperationAsync("crashed", runner: "a-dead-replica", leaseExpires: now - TimeSpan.FromSeconds(1));
        await _harness.StoreOperationAsync("never-claimed");
        await _harness.StoreOperationAsync("running-elsewhere", runner: "a-live-replica", leaseExpires: now + OperationsHarness.LeaseDuration);
        await _harness.StoreOperationAsync("orphan-sweep", OperationKind.RemoveOrphan, runner: "a-dead-replica", leaseExpires: now - TimeSpan.FromSeconds(1));

        await _harness.Worker.StartAsync(CancellationToken.None);

        await OperationsHarness.EventuallyAsync(async () => (await _harness.InstanceAsync("crashed")).State == InstanceState.Ready, "the crashed replica's provision is finished");
        await OperationsHarness.EventuallyAsync(async () => (await _harness.InstanceAsync("never-claimed")).State == InstanceState.Ready, "the unclaimed provision is finished");
        Assert.That((await _harness.InstanceAsync("running-elsewhere")).LastOperation.IsInProgress, Is.True, "a live claim is left alone");
        Assert.That((await _harness.InstanceAsync("orphan-sweep")).LastOperation.RunnerId, Is.EqualTo("a-dead-replica"), "the orphan sweep resumes its own");
        Assert.That(_harness.Backend.Provisions, Is.EqualTo(2));
    }

    [Test]
    public async Task A_claim_that_lapses_later_is_taken_over_by_a_later_sweep()
    {
        var now = _harness.Clock.GetUtcNow();
        await _harness.StoreOperationAsync("running-elsewhere", runner: "a-replica-that-dies", leaseExpires: now + OperationsHarness.LeaseDuration);
        await _harness.Worker.StartAsync(CancellationToken.None);
        await OperationsHarness.EventuallyAsync(() => Task.FromResult(_harness.Clock.GetUtcNow() == now), "started");

        // The other replica dies: nobody renews its claim, and sweeps come every half claim.
        for (var sweep = 0; sweep < 4 && (await _harness.InstanceAsync("running-elsewhere")).State != InstanceState.Ready; sweep++)
        {
            _harness.Clock.Advance(OperationsHarness.LeaseDuration / 2);
            await Task.Delay(50);
        }

        await OperationsHarness.EventuallyAsync(async () => (await _harness.InstanceAsync("running-elsewhere")).State == InstanceState.Ready, "taken over once the claim lapsed");
        Assert.That(_harness.Backend.Provisions, Is.EqualTo(1));
    }
}
