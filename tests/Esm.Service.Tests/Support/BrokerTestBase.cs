using Esm.Client;

namespace Esm.Service.Tests.Support;

/// <summary>
/// A fixture with its own broker (in-memory store, test catalog) and the platform's clients.
/// Tests use fresh ids, so they do not depend on each other within the fixture.
/// </summary>
public abstract class BrokerTestBase
{
    protected BrokerFactory Factory { get; private set; } = null!;

    protected BrokerApi Api { get; private set; } = null!;

    /// <summary>The same clients with the operator's credentials.</summary>
    protected BrokerApi Operator { get; private set; } = null!;

    /// <summary>Settings over the test defaults for this fixture's broker (e.g. another catalog).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? BrokerSettings => null;

    [OneTimeSetUp]
    public void StartBroker()
    {
        Factory = new BrokerFactory(BrokerSettings);
        Api = new BrokerApi(Factory.CreatePlatformClient());
        Operator = new BrokerApi(Factory.CreateOperatorClient());
    }

    [OneTimeTearDown]
    public void StopBroker() => Factory.Dispose();

    protected static string NewId(string prefix = "id") => $"{prefix}-{Guid.NewGuid():N}";

    protected internal static ServiceInstanceProvisionRequest ProvisionBody(string planId, string serviceId = TestPlans.Service) => new()
    {
        Service_id = serviceId,
        Plan_id = planId,
#pragma warning disable CS0612 // deprecated, yet required by OSB 2.17
        Organization_guid = "org-guid",
        Space_guid = "space-guid",
#pragma warning restore CS0612
    };

    protected static ServiceBindingRequest BindBody(string planId, string serviceId = TestPlans.Service) => new()
    {
        Service_id = serviceId,
        Plan_id = planId,
    };

    /// <summary>Provisions a ready instance of a synchronous plan.</summary>
    protected async Task<string> ProvisionedAsync(string planId = TestPlans.Sync)
    {
        var id = NewId("instance");
        var response = await Api.Instances.ProvisionAsync(ProvisionBody(planId), id);
        Assert.That(response.StatusCode, Is.EqualTo(201));
        return id;
    }

    /// <summary>Polls last_operation until the operation is no longer in progress, or <paramref name="seconds"/> have passed.</summary>
    protected async Task<InstanceLastOperation> AwaitInstanceOperationAsync(string instanceId, string? operation = null, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = await Api.Instances.GetInstanceLastOperationAsync(instanceId, operation: operation);
            if (response.Result.State != LastOperationState.In_progress || DateTime.UtcNow > deadline)
            {
                return response.Result;
            }

            await Task.Delay(100);
        }
    }

    protected async Task<BindingLastOperation> AwaitBindingOperationAsync(string instanceId, string bindingId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await Api.Bindings.GetBindingLastOperationAsync(instanceId, bindingId);
            if (response.Result.State != LastOperationState.In_progress || DateTime.UtcNow > deadline)
            {
                return response.Result;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The status and OSB error of a call the client reports as an exception.</summary>
    protected static async Task<(int Status, Error? Error)> FailureOf(Func<Task> call)
    {
        var exception = Assert.CatchAsync<BrokerApiException>(async () => await call());
        var error = exception is BrokerApiException<Error> typed ? typed.Result : null;
        await Task.CompletedTask;
        return (exception!.StatusCode, error);
    }
}
