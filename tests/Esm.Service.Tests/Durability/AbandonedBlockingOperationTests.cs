using Esm.Client;
using Esm.Service.Model;
using Esm.Service.Stores.Sqlite;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>
/// A blocking operation is stored already claimed by the process that runs it within the request.
/// If that process dies before finishing it, another broker takes it over once the claim lapses,
/// and not before.
/// </summary>
public sealed class AbandonedBlockingOperationTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("esm-abandoned-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_blocking_provision_of_a_dead_process_is_finished_once_its_claim_lapses()
    {
        var path = Path.Combine(_directory, "esm.db");
        var claimLapses = DateTimeOffset.UtcNow.AddSeconds(3);
        await using (var store = SqliteStore.Open(path))
        {
            var operation = Operation.Start(OperationKind.Provision, async: false, DateTimeOffset.UtcNow, requestedBy: null) with
            {
                RunnerId = "a-dead-host/4242/0",
                LeaseExpiresAt = claimLapses,
            };
            var stored = await store.Instances.TryInsertAsync(
                new ServiceInstanceRecord
                {
                    InstanceId = "abandoned",
                    ServiceId = TestPlans.Service,
                    PlanId = TestPlans.Sync,
                    OrganizationGuid = "org",
                    SpaceGuid = "space",
                    State = InstanceState.Provisioning,
                    ProvisionFingerprint = "{}",
                    LastOperation = operation,
                    CreatedAt = DateTimeOffset.UtcNow,
                    UpdatedAt = DateTimeOffset.UtcNow,
                },
                CancellationToken.None);
            Assert.That(stored, Is.Not.Null);
        }

        using var broker = new BrokerFactory(new Dictionary<string, string?>
        {
            ["ESM_STORE"] = "sqlite",
            ["ESM_SQLITE_PATH"] = path,
            ["ESM_OPERATION_LEASE_SECONDS"] = "1",
        });
        var api = new BrokerApi(broker.CreatePlatformClient());
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        InstanceLastOperation last;
        do
        {
            last = (await api.Instances.GetInstanceLastOperationAsync("abandoned")).Result;
            if (last.State == LastOperationState.In_progress)
            {
                await Task.Delay(100);
            }
        }
        while (last.State == LastOperationState.In_progress && DateTimeOffset.UtcNow < deadline);

        Assert.That(last.State, Is.EqualTo(LastOperationState.Succeeded), last.Description);
        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThanOrEqualTo(claimLapses), "not taken over while its claim was live");
        Assert.That((await api.Instances.FetchInstanceAsync("abandoned")).StatusCode, Is.EqualTo(200));
    }
}
