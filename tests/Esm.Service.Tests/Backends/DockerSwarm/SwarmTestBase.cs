using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Backends.DockerCompose;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>
/// A fixture whose broker serves the swarm test catalog (SwarmCatalog/) against the one-node
/// swarm, under a broker id of its own; at the end whatever carries that broker id is removed.
/// </summary>
public abstract class SwarmTestBase : BrokerTestBase
{
    public const string Service = "swarm-web";

    protected string BrokerId { get; } = $"esm-test-{Guid.NewGuid():N}";

    public static string CatalogDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Backends", "DockerSwarm", "SwarmCatalog");

    protected override IReadOnlyDictionary<string, string?> BrokerSettings => SettingsFor(BrokerId);

    public static Dictionary<string, string?> SettingsFor(string brokerId, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ESM_CATALOG_DIR"] = CatalogDirectory,
            ["ESM_COMPOSE_BROKER_ID"] = brokerId,
            ["ESM_COMPOSE_TIMEOUT_SECONDS"] = "90",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [OneTimeSetUp]
    public Task RequireSwarm() => DockerSwarm.RequireAsync();

    [OneTimeTearDown]
    public async Task RemoveWhatTheFixtureLeft()
    {
        if (await DockerSwarm.IsAvailableAsync())
        {
            await DockerSwarm.RemoveLabelledAsync($"esm.broker={BrokerId}");
        }
    }

    protected static ServiceInstanceProvisionRequest SwarmProvisionBody(string planId, string? greeting = null)
    {
        var body = ProvisionBody(planId, Service);
        if (greeting is not null)
        {
            body.Parameters = Parameters(("greeting", greeting));
        }

        return body;
    }

    protected static Dictionary<string, JsonElement> Parameters(params (string Name, object Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value));

    /// <summary>Provisions and waits until the operation ends; returns the instance id and the final state.</summary>
    protected async Task<(string Id, InstanceLastOperation Outcome)> ProvisionAsync(string planId, string? greeting = null)
    {
        var id = NewId("instance");
        var response = await Api.Instances.ProvisionAsync(SwarmProvisionBody(planId, greeting), id, accepts_incomplete: true);
        var outcome = response.StatusCode == 202
            ? await AwaitOperationAsync(id)
            : new InstanceLastOperation { State = LastOperationState.Succeeded };
        return (id, outcome);
    }

    /// <summary>A stack converges in seconds, and a failed update deploys the previous one again: a bound for both under load.</summary>
    protected Task<InstanceLastOperation> AwaitOperationAsync(string id) => AwaitInstanceOperationAsync(id, seconds: 120);

    protected async Task<ServiceBindingResponse> BindAsync(string instanceId, string planId) =>
        (await Api.Bindings.BindAsync(BindBody(planId, Service), instanceId, NewId("binding"))).Result;

    /// <summary>The stack of an instance, as the operator's live view names it.</summary>
    protected async Task<string> StackOfAsync(string instanceId) =>
        (await Operator.OperatorInstances.GetInstanceDetailAsync(instanceId)).Result.Live!["stack"].GetString()!;
}
