using System.Net;
using Esm.Service.Backends;
using Esm.Service.Operations;
using Esm.Service.Stores;
using Esm.Service.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Operations;

/// <summary>
/// The orphan sweep's rules, on a backend stand-in that reports labelled resources and records
/// what it is asked to remove (the compose backend's own sweep tests run on a real engine).
/// </summary>
public sealed class OrphanSweeperTests : BrokerTestBase
{
    private readonly LabelledResources _resources = new();
    private WebApplicationFactory<Program> _broker = null!;
    private BrokerApi _platform = null!;

    private IStore Store => _broker.Services.GetRequiredService<IStore>();

    [OneTimeSetUp]
    public void StartWithTheStandIn()
    {
        _broker = Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IOrphanedResources>(_resources)));
        _platform = new BrokerApi(Esm.Client.BrokerHttpClient.Configure(_broker.CreateClient(), BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword));
    }

    [OneTimeTearDown]
    public void StopTheStandIn() => _broker.Dispose();

    [SetUp]
    public void ForgetEarlierLabels() => _resources.Reset();

    [Test]
    public async Task What_this_store_deleted_is_removed_and_the_id_left_free()
    {
        _resources.Label("gone", Store.Identity);

        Assert.That(await SweepAsync(), Is.EqualTo(1));
        Assert.That(_resources.Removed, Is.EqualTo(new[] { "gone" }));
        Assert.That(await Store.Instances.GetAsync("gone", CancellationToken.None), Is.Null, "the claim is gone with the sweep");
    }

    [Test]
    public async Task A_live_instance_keeps_its_resources()
    {
        var id = NewId("instance");
        Assert.That((await _platform.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(201));
        _resources.Label(id, Store.Identity);

        Assert.That(await SweepAsync(), Is.Zero);
        Assert.That(_resources.Removed, Is.Empty);
    }

    [TestCase("another-store")]
    [TestCase(null)]
    public async Task Resources_of_another_store_or_of_none_are_left_alone(string? identity)
    {
        _resources.Label("gone", identity);

        Assert.That(await SweepAsync(), Is.Zero);
        Assert.That(_resources.Removed, Is.Empty);
    }

    [Test]
    public async Task While_the_sweep_clears_an_id_a_provision_of_it_waits_and_then_succeeds()
    {
        _resources.Label("reused", Store.Identity);
        _resources.HoldRemovals();
        var sweep = SweepAsync();
        await _resources.RemovalStarted;

        var (status, error) = await FailureOf(() => _platform.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), "reused"));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "ConcurrencyError")), "the new instance's resources would be removed");

        _resources.ReleaseRemovals();
        Assert.That(await sweep, Is.EqualTo(1));
        Assert.That((await _platform.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), "reused")).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task A_tombstone_swept_still_answers_410_and_its_id_can_be_provisioned()
    {
        var id = NewId("instance");
        await _platform.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), id, accepts_incomplete: true);
        await AwaitAsync(id, HttpStatusCode.OK, "succeeded");
        await _platform.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Async, id, accepts_incomplete: true);
        await AwaitAsync(id, HttpStatusCode.Gone);
        _resources.Label(id, Store.Identity);

        Assert.That(await SweepAsync(), Is.EqualTo(1));
        var response = await _platform.Http.GetAsync($"/v2/service_instances/{id}/last_operation");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        Assert.That((await _platform.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(201));
    }

    private Task<int> SweepAsync() => _broker.Services.GetRequiredService<OrphanSweeper>().SweepAsync(_resources, CancellationToken.None);

    private async Task AwaitAsync(string id, HttpStatusCode status, string? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await _platform.Http.GetAsync($"/v2/service_instances/{id}/last_operation");
            if (response.StatusCode == status && (state is null || (await response.Content.ReadAsStringAsync()).Contains(state, StringComparison.Ordinal)))
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"last_operation of {id} did not reach {status} {state}");
            await Task.Delay(100);
        }
    }

    /// <summary>A backend's labelled resources, as the sweep sees them.</summary>
    private sealed class LabelledResources : IOrphanedResources
    {
        private readonly List<LabelledInstance> _labelled = [];
        private readonly List<string> _removed = [];
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _gate;

        public TimeSpan SweepInterval => TimeSpan.Zero;

        public IReadOnlyList<string> Removed
        {
            get
            {
                lock (_removed)
                {
                    return [.. _removed];
                }
            }
        }

        public Task RemovalStarted => _started.Task;

        public void Reset()
        {
            _labelled.Clear();
            _removed.Clear();
            _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _gate = null;
        }

        public void Label(string instanceId, string? storeIdentity) => _labelled.Add(new LabelledInstance(instanceId, storeIdentity, $"project-of-{instanceId}"));

        public void HoldRemovals() => _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseRemovals() => _gate!.SetResult();

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<LabelledInstance>> LabelledInstancesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LabelledInstance>>([.. _labelled]);

        public async Task RemoveAsync(LabelledInstance instance, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            if (_gate is not null)
            {
                await _gate.Task;
            }

            lock (_removed)
            {
                _removed.Add(instance.InstanceId);
            }
        }
    }
}
