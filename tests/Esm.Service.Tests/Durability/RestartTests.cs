using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>What survives a kill -9 of the broker on its default store, SQLite.</summary>
public sealed class RestartTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("esm-durable-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task An_asynchronous_provision_accepted_before_a_kill_finishes_after_the_restart()
    {
        await using var broker = new DurableBroker(DurableBroker.Sqlite(_directory));
        await broker.StartAsync();
        var body = new ServiceInstanceProvisionRequest { Service_id = TestPlans.Service, Plan_id = TestPlans.Interruptible };
#pragma warning disable CS0612
        body.Organization_guid = "org";
        body.Space_guid = "space";
#pragma warning restore CS0612
        var accepted = await broker.Platform.Instances.ProvisionAsync(body, "survivor", accepts_incomplete: true);
        Assert.That(accepted.StatusCode, Is.EqualTo(202));

        await broker.CrashAndRestartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        InstanceLastOperation last;
        do
        {
            last = (await broker.Platform.Instances.GetInstanceLastOperationAsync("survivor", operation: accepted.Result.Operation)).Result;
            await Task.Delay(200);
        }
        while (last.State == LastOperationState.In_progress && DateTime.UtcNow < deadline);

        Assert.That(last.State, Is.EqualTo(LastOperationState.Succeeded), broker.Process.Output);
        Assert.That((await broker.Platform.Instances.FetchInstanceAsync("survivor")).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Instances_bindings_and_registered_services_survive_a_kill()
    {
        await using var broker = new DurableBroker(DurableBroker.Sqlite(_directory));
        await broker.StartAsync();
        var response = await broker.Operator.Http.PutAsJsonAsync("/v2/et/catalog", new JsonObject
        {
            ["id"] = "registered",
            ["name"] = "registered",
            ["description"] = "Registered through the operator API.",
            ["bindable"] = true,
            ["plans"] = new JsonArray(new JsonObject { ["id"] = "registered-plan", ["name"] = "p", ["description"] = "d", ["manifest"] = new JsonObject { ["type"] = "dummy" } }),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = new ServiceInstanceProvisionRequest { Service_id = "registered", Plan_id = "registered-plan" };
#pragma warning disable CS0612
        body.Organization_guid = "org";
        body.Space_guid = "space";
#pragma warning restore CS0612
        await broker.Platform.Instances.ProvisionAsync(body, "kept");
        var binding = await broker.Platform.Bindings.BindAsync(new ServiceBindingRequest { Service_id = "registered", Plan_id = "registered-plan" }, "kept", "kept-binding");

        await broker.CrashAndRestartAsync();

        var catalog = await broker.Platform.Catalog.GetCatalogAsync();
        Assert.That(catalog.Result.Services.Select(s => s.Id), Does.Contain("registered"));
        Assert.That((await broker.Operator.OperatorManifests.ListManifestsAsync()).Result.Select(m => m.Plan_id), Does.Contain("registered-plan"));
        Assert.That((await broker.Platform.Instances.FetchInstanceAsync("kept")).Result.Plan_id, Is.EqualTo("registered-plan"));
        var fetched = await broker.Platform.Bindings.FetchBindingAsync("kept", "kept-binding");
        Assert.That(fetched.Result.Credentials!["password"].GetString(), Is.EqualTo(binding.Result.Credentials!["password"].GetString()));
    }

    [Test]
    public async Task The_catalog_folder_wins_over_the_store_at_each_start()
    {
        var catalog = Path.Combine(_directory, "catalog");
        CopyDirectory(BrokerFactory.TestCatalogDirectory, catalog);
        await using var broker = new DurableBroker(DurableBroker.Sqlite(_directory), catalog);
        await broker.StartAsync();

        // An operator changes a folder offering through the API...
        var changed = await broker.Operator.OperatorCatalog.ListServiceTypesAsync();
        var noContext = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(changed.Result.Single(s => s.Id == TestPlans.NoContextService)))!.AsObject();
        noContext["description"] = "Changed through the API.";
        Assert.That((await broker.Operator.Http.PutAsJsonAsync("/v2/et/catalog", noContext)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await DescriptionOfAsync(broker, TestPlans.NoContextService), Is.EqualTo("Changed through the API."));

        // ...and the next start re-applies the folder, the operator's declared state.
        await broker.CrashAndRestartAsync();
        Assert.That(await DescriptionOfAsync(broker, TestPlans.NoContextService), Is.EqualTo("A service that does not accept context-only updates."));

        // An offering taken out of the folder leaves the catalog at the next start.
        Directory.Delete(Path.Combine(catalog, "no-context"), recursive: true);
        await broker.CrashAndRestartAsync();
        Assert.That((await broker.Platform.Catalog.GetCatalogAsync()).Result.Services.Select(s => s.Id), Does.Not.Contain(TestPlans.NoContextService));
    }

    private static async Task<string> DescriptionOfAsync(DurableBroker broker, string serviceId) =>
        (await broker.Platform.Catalog.GetCatalogAsync()).Result.Services.Single(s => s.Id == serviceId).Description;

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
