using System.Net;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// A fixture whose broker serves the compose test catalog (ComposeCatalog/) against the real
/// engine, in a work directory and under a broker id of its own; at the end whatever carries
/// that broker id is removed from the engine.
/// </summary>
public abstract class ComposeTestBase : BrokerTestBase
{
    public const string Service = "compose-web";

    protected string BrokerId { get; } = $"esm-test-{Guid.NewGuid():N}";

    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("esm-compose-").FullName;

    public static string CatalogDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Backends", "DockerCompose", "ComposeCatalog");

    protected override IReadOnlyDictionary<string, string?> BrokerSettings => SettingsFor(BrokerId, WorkDirectory);

    /// <summary>The settings of a compose test broker; <paramref name="extra"/> over them.</summary>
    public static Dictionary<string, string?> SettingsFor(string brokerId, string workDirectory, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ESM_CATALOG_DIR"] = CatalogDirectory,
            ["ESM_COMPOSE_WORK_DIR"] = workDirectory,
            ["ESM_COMPOSE_BROKER_ID"] = brokerId,
            ["ESM_COMPOSE_TIMEOUT_SECONDS"] = "60",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [OneTimeSetUp]
    public Task RequireEngine() => DockerEngine.RequireAsync();

    [OneTimeTearDown]
    public async Task RemoveWhatTheFixtureLeft()
    {
        if (await DockerEngine.IsAvailableAsync())
        {
            await DockerEngine.RemoveLabelledAsync($"esm.broker={BrokerId}");
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }

    protected static ServiceInstanceProvisionRequest ComposeProvisionBody(string planId, string? greeting = null)
    {
        var body = ProvisionBody(planId, Service);
        if (greeting is not null)
        {
            body.Parameters = new Dictionary<string, System.Text.Json.JsonElement> { ["greeting"] = System.Text.Json.JsonSerializer.SerializeToElement(greeting) };
        }

        return body;
    }

    /// <summary>Provisions and waits until the operation ends; returns the instance id and the final state.</summary>
    protected async Task<(string Id, InstanceLastOperation Outcome)> ProvisionAsync(string planId, string? greeting = null)
    {
        var id = NewId("instance");
        var response = await Api.Instances.ProvisionAsync(ComposeProvisionBody(planId, greeting), id, accepts_incomplete: true);
        var outcome = response.StatusCode == 202
            ? await AwaitInstanceOperationAsync(id)
            : new InstanceLastOperation { State = LastOperationState.Succeeded };
        return (id, outcome);
    }

    protected async Task<ServiceBindingResponse> BindAsync(string instanceId, string planId) =>
        (await Api.Bindings.BindAsync(BindBody(planId, Service), instanceId, NewId("binding"))).Result;

    protected static Task<(HttpStatusCode Status, string Body)> FetchAsync(string uri, string? password = null) => BoundWebServer.FetchAsync(uri, password);

    /// <summary>The compose project of an instance, as the operator's live view names it.</summary>
    protected async Task<string> ProjectOfAsync(string instanceId) =>
        (await Operator.OperatorInstances.GetInstanceDetailAsync(instanceId)).Result.Live!["project"].GetString()!;

    protected static async Task<int> ResourceCountAsync(string project)
    {
        var label = $"com.docker.compose.project={project}";
        return (await DockerEngine.LabelledAsync("ps", label)).Count
            + (await DockerEngine.LabelledAsync("network", label)).Count
            + (await DockerEngine.LabelledAsync("volume", label)).Count;
    }
}
