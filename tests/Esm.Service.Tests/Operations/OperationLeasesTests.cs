using Esm.Service.Model;

namespace Esm.Service.Tests.Operations;

/// <summary>Claims on operations, on a fake clock: one runner at a time, renewed while it works, taken over once lapsed.</summary>
public sealed class OperationLeasesTests
{
    private OperationsHarness _harness = null!;

    [SetUp]
    public void Start() => _harness = new OperationsHarness();

    [TearDown]
    public void Stop() => _harness.Dispose();

    [Test]
    public async Task A_claimed_operation_is_held_by_its_runner_and_claimable_by_none_until_the_claim_lapses()
    {
        var stored = await _harness.StoreOperationAsync("i");
        var other = _harness.NewLeases();

        var held = await _harness.Leases.TryClaimAsync(_harness.Store.Instances, "i", stored.LastOperation.Id, CancellationToken.None);

        Assert.That(held, Is.Not.Null);
        var claimed = await _harness.InstanceAsync("i");
        Assert.That(claimed.LastOperation.RunnerId, Is.EqualTo(_harness.Leases.RunnerId));
        Assert.That(_harness.Leases.Holds(claimed, stored.LastOperation.Id), Is.True);
        Assert.That(await other.TryClaimAsync(_harness.Store.Instances, "i", stored.LastOperation.Id, CancellationToken.None), Is.Null, "another replica");

        _harness.Clock.Advance(OperationsHarness.LeaseDuration + TimeSpan.FromSeconds(1));

        var takenOver = await other.TryClaimAsync(_harness.Store.Instances, "i", stored.LastOperation.Id, CancellationToken.None);
        Assert.That(takenOver, Is.Not.Null, "a lapsed claim is anyone's");
        Assert.That(_harness.Leases.Holds(await _harness.InstanceAsync("i"), stored.LastOperation.Id), Is.False, "the first runner lost it");
    }

    [Test]
    public async Task A_claim_kept_alive_is_renewed_and_never_lapses_while_its_runner_works()
    {
        var stored = await _harness.StoreOperationAsync("i");
        var held = (await _harness.Leases.TryClaimAsync(_harness.Store.Instances, "i", stored.LastOperation.Id, CancellationToken.None))!;

        using (_harness.Leases.KeepAlive(held))
        {
            for (var step = 0; step < 12; step++)
            {
                var before = (await _harness.InstanceAsync("i")).LastOperation.LeaseExpiresAt;
                _harness.Clock.Advance(OperationsHarness.LeaseDuration / 3);
                await OperationsHarness.EventuallyAsync(async () => (await _harness.InstanceAsync("i")).LastOperation.LeaseExpiresAt > before, $"renewal {step}");
            }

            Assert.That((await _harness.InstanceAsync("i")).LastOperation.IsClaimable(_harness.Clock.GetUtcNow()), Is.False, "four claims' worth of time later");
        }

        _harness.Clock.Advance(OperationsHarness.LeaseDuration * 2);
        Assert.That((await _harness.InstanceAsync("i")).LastOperation.IsClaimable(_harness.Clock.GetUtcNow()), Is.True, "no longer renewed once released");
    }

    [Test]
    public async Task Only_an_operation_in_progress_and_still_current_can_be_claimed()
    {
        var stored = await _harness.StoreOperationAsync("i");

        Assert.That(await _harness.Leases.TryClaimAsync(_harness.Store.Instances, "i", "op-not-this-one", CancellationToken.None), Is.Null);
        Assert.That(await _harness.Leases.TryClaimAsync(_harness.Store.Instances, "missing", stored.LastOperation.Id, CancellationToken.None), Is.Null);

        var finished = stored with { LastOperation = stored.LastOperation.Succeeded("Done.", _harness.Clock.GetUtcNow()) };
        await _harness.Store.Instances.TryReplaceAsync(finished, CancellationToken.None);
        Assert.That(await _harness.Leases.TryClaimAsync(_harness.Store.Instances, "i", stored.LastOperation.Id, CancellationToken.None), Is.Null);
    }
}
