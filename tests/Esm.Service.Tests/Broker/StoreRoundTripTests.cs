using Esm.Client;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Broker;

/// <summary>
/// What a blocking operation costs in store calls: it is stored already claimed (no claim write,
/// no re-read), finishes from the record in hand, and is answered from what the finish wrote.
/// Lists are left out: the worker's sweep lists pending operations at any moment.
/// </summary>
public sealed class StoreRoundTripTests
{
    private BrokerFactory _broker = null!;
    private WebApplicationFactory<Program> _counted = null!;
    private CountingStore _store = null!;
    private BrokerApi _api = null!;

    [OneTimeSetUp]
    public void StartBroker()
    {
        _broker = new BrokerFactory();
        _counted = _broker.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var configured = services.Single(d => d.ServiceType == typeof(IStore));
            services.Remove(configured);
            services.AddSingleton<IStore>(provider => new CountingStore((IStore)configured.ImplementationFactory!(provider)));
        }));
        _store = (CountingStore)_counted.Services.GetRequiredService<IStore>();
        _api = new BrokerApi(BrokerHttpClient.Configure(_counted.CreateClient(), BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword));
    }

    [OneTimeTearDown]
    public void StopBroker()
    {
        _counted.Dispose();
        _broker.Dispose();
    }

    [Test]
    public async Task A_blocking_provision_is_one_insert_already_claimed_and_one_finishing_replace()
    {
        _store.Reset();
        var created = await _api.Instances.ProvisionAsync(ProvisionBody(), "provisioned");

        Assert.That(created.StatusCode, Is.EqualTo(201));
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["instances.insert"] = 1, ["instances.replace"] = 1 }));
        var inserted = (ServiceInstanceRecord)_store.Written[0];
        Assert.That(inserted.LastOperation.RunnerId, Is.Not.Null, "claimed by this process in the insert");
        Assert.That(inserted.LastOperation.LeaseExpiresAt, Is.Not.Null);
        var finished = (ServiceInstanceRecord)_store.Written[1];
        Assert.That(finished.LastOperation.State, Is.EqualTo(OperationState.Succeeded));
    }

    [Test]
    public async Task A_re_sent_provision_reads_the_instance_only_after_the_insert_is_refused()
    {
        await _api.Instances.ProvisionAsync(ProvisionBody(), "re-sent");
        _store.Reset();

        Assert.That((await _api.Instances.ProvisionAsync(ProvisionBody(), "re-sent")).StatusCode, Is.EqualTo(200));
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["instances.get"] = 1, ["instances.insert"] = 1 }));
    }

    [Test]
    public async Task A_blocking_bind_reads_its_instance_before_and_after_the_insert_and_never_its_binding()
    {
        await _api.Instances.ProvisionAsync(ProvisionBody(), "bound");
        _store.Reset();

        var bound = await _api.Bindings.BindAsync(new ServiceBindingRequest { Service_id = TestPlans.Service, Plan_id = TestPlans.Sync }, "bound", "b");

        Assert.That(bound.StatusCode, Is.EqualTo(201));
        Assert.That(bound.Result.Credentials, Is.Not.Null);
        // The instance is read twice: for the request, and after the insert, where the rule that no
        // binding outlives its instance checks that no deprovision marked it meanwhile.
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["bindings.insert"] = 1, ["bindings.replace"] = 1, ["instances.get"] = 2 }));
        Assert.That(((ServiceBindingRecord)_store.Written[0]).LastOperation.RunnerId, Is.Not.Null, "claimed by this process in the insert");
    }

    [Test]
    public async Task A_blocking_update_reads_the_instance_once()
    {
        await _api.Instances.ProvisionAsync(ProvisionBody(), "updated");
        _store.Reset();

        var updated = await _api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = TestPlans.Service, Plan_id = TestPlans.SyncB }, "updated");

        Assert.That(updated.StatusCode, Is.EqualTo(200));
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["instances.get"] = 1, ["instances.replace"] = 2 }));
    }

    [Test]
    public async Task A_blocking_unbind_and_deprovision_read_their_record_once_and_delete_it_from_the_record_in_hand()
    {
        await _api.Instances.ProvisionAsync(ProvisionBody(), "deleted");
        await _api.Bindings.BindAsync(new ServiceBindingRequest { Service_id = TestPlans.Service, Plan_id = TestPlans.Sync }, "deleted", "b");
        _store.Reset();

        Assert.That((await _api.Bindings.UnbindAsync(TestPlans.Service, TestPlans.Sync, "deleted", "b")).StatusCode, Is.EqualTo(200));
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["bindings.delete"] = 1, ["bindings.get"] = 1, ["bindings.replace"] = 1, ["instances.get"] = 1 }));
        _store.Reset();

        Assert.That((await _api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Sync, "deleted")).StatusCode, Is.EqualTo(200));
        Assert.That(StoreCalls(), Is.EqualTo(new Dictionary<string, int> { ["instances.delete"] = 1, ["instances.get"] = 1, ["instances.replace"] = 1 }));
    }

    private Dictionary<string, int> StoreCalls() =>
        _store.Calls.Where(call => !call.Key.EndsWith(".list", StringComparison.Ordinal)).ToDictionary();

    private static ServiceInstanceProvisionRequest ProvisionBody() => new()
    {
        Service_id = TestPlans.Service,
        Plan_id = TestPlans.Sync,
#pragma warning disable CS0612 // deprecated, yet required by OSB 2.17
        Organization_guid = "org",
        Space_guid = "space",
#pragma warning restore CS0612
    };
}
