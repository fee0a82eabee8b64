using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Operator;

public sealed class OperatorCatalogTests : BrokerTestBase
{
    private static JsonObject ServiceType(string id, string name, params string[] planIds) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["short_name"] = name[..Math.Min(3, name.Length)],
        ["description"] = "Registered by a test.",
        ["bindable"] = true,
        ["plans"] = new JsonArray([.. planIds.Select(p => (JsonNode)new JsonObject { ["id"] = p, ["name"] = p, ["description"] = "A plan." })]),
    };

    private async Task<HttpResponseMessage> RegisterAsync(JsonObject serviceType) => await Operator.Http.PutAsJsonAsync("/v2/et/catalog", serviceType);

    private async Task<HttpResponseMessage> PutManifestAsync(string id, string serviceId, string planId, string type = "dummy", JsonObject? config = null) =>
        await Operator.Http.PutAsJsonAsync($"/v2/et/manifest/{id}", new JsonObject
        {
            ["service_id"] = serviceId,
            ["plan_id"] = planId,
            ["manifest_type"] = type,
            ["config"] = config ?? [],
        });

    private async Task<string[]> ServedServiceIdsAsync() =>
        [.. (await Api.Catalog.GetCatalogAsync()).Result.Services.Select(s => s.Id)];

    [Test]
    public async Task A_registered_service_is_served_once_a_plan_has_a_manifest_and_can_be_provisioned()
    {
        var service = NewId("svc");
        var plan = NewId("plan");
        var etag = (await Api.Http.GetAsync("/v2/catalog")).Headers.ETag;
        Assert.That((await RegisterAsync(ServiceType(service, service, plan))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ServedServiceIdsAsync(), Does.Not.Contain(service), "no plan of it can be provisioned yet");

        Assert.That((await PutManifestAsync(NewId("m"), service, plan)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ServedServiceIdsAsync(), Does.Contain(service));
        Assert.That((await Api.Http.GetAsync("/v2/catalog")).Headers.ETag, Is.Not.EqualTo(etag), "a changed catalog has a new entity tag");

        var provisioned = await Api.Instances.ProvisionAsync(ProvisionBody(plan, service), NewId());
        Assert.That(provisioned.StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task A_plan_may_carry_its_manifest_inline()
    {
        var service = NewId("svc");
        var serviceType = ServiceType(service, service, "inline-plan-" + service);
        serviceType["plans"]![0]!["manifest"] = new JsonObject { ["type"] = "dummy" };
        Assert.That((await RegisterAsync(serviceType)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ServedServiceIdsAsync(), Does.Contain(service));
        var manifests = (await Operator.OperatorManifests.ListManifestsAsync()).Result;
        Assert.That(manifests.Where(m => m.Service_id == service), Has.Exactly(1).Items);
    }

    [Test]
    public async Task An_inline_manifest_keeps_its_content_and_may_not_name_a_file()
    {
        var service = NewId("svc");
        var plan = "inline-content-" + service;
        var serviceType = ServiceType(service, service, plan);
        serviceType["plans"]![0]!["manifest"] = new JsonObject { ["type"] = "dummy", ["content"] = "kept: as given\n" };
        Assert.That((await RegisterAsync(serviceType)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var manifest = (await Operator.OperatorManifests.ListManifestsAsync()).Result.Single(m => m.Plan_id == plan);
        Assert.That(manifest.Manifest_content, Is.EqualTo("kept: as given\n"));

        var named = ServiceType(NewId("svc"), NewId("name"), NewId("plan"));
        named["plans"]![0]!["manifest"] = new JsonObject { ["type"] = "dummy", ["file"] = "/etc/passwd" };
        var refused = await RegisterAsync(named);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("only catalog folders can name manifest files"));
    }

    [Test]
    public async Task Registering_again_replaces_and_answers_200()
    {
        var service = NewId("svc");
        await RegisterAsync(ServiceType(service, service, service + "-p"));
        var replacement = ServiceType(service, service, service + "-p");
        replacement["description"] = "Replaced.";
        var response = await RegisterAsync(replacement);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var listed = (await Operator.OperatorCatalog.ListServiceTypesAsync()).Result.Single(s => s.Id == service);
        Assert.That(listed.Description, Is.EqualTo("Replaced."));
        Assert.That(listed.Origin, Is.EqualTo("operator-api"));
        Assert.That(listed.Short_name, Is.EqualTo(service[..3]));
    }

    [Test]
    public async Task The_folder_offerings_are_listed_with_their_origin()
    {
        var listed = (await Operator.OperatorCatalog.ListServiceTypesAsync()).Result;
        Assert.That(listed.Single(s => s.Id == TestPlans.Service).Origin, Is.EqualTo("catalog-folder"));
    }

    [TestCase("description", "description: required")]
    [TestCase("bindable", "bindable: required")]
    [TestCase("plans", "plans")]
    public async Task An_invalid_service_type_is_400_saying_what_is_wrong(string removed, string expected)
    {
        var serviceType = ServiceType(NewId("svc"), NewId("name"), NewId("plan"));
        serviceType.Remove(removed);
        var body = await OsbErrorAssert.IsErrorAsync(await RegisterAsync(serviceType), HttpStatusCode.BadRequest);
        Assert.That(body.GetProperty("description").GetString(), Does.Contain(expected));
    }

    [Test]
    public async Task A_service_type_that_reuses_another_offering_name_or_plan_id_is_400()
    {
        var byName = await RegisterAsync(ServiceType(NewId("svc"), TestPlans.Service, NewId("plan")));
        Assert.That((await OsbErrorAssert.IsErrorAsync(byName, HttpStatusCode.BadRequest)).GetProperty("description").GetString(), Does.Contain("offering name"));
        var byPlan = await RegisterAsync(ServiceType(NewId("svc"), NewId("name"), TestPlans.Sync));
        Assert.That((await OsbErrorAssert.IsErrorAsync(byPlan, HttpStatusCode.BadRequest)).GetProperty("description").GetString(), Does.Contain("plan id"));
    }

    [Test]
    public async Task Removing_a_service_type_removes_its_manifests_and_it_leaves_the_catalog()
    {
        var service = NewId("svc");
        var plan = NewId("plan");
        await RegisterAsync(ServiceType(service, service, plan));
        await PutManifestAsync(NewId("m"), service, plan);
        Assert.That((await Operator.OperatorCatalog.RemoveServiceTypeAsync(service)).StatusCode, Is.EqualTo(200));
        Assert.That(await ServedServiceIdsAsync(), Does.Not.Contain(service));
        Assert.That((await Operator.OperatorManifests.ListManifestsAsync()).Result.Where(m => m.Service_id == service), Is.Empty);
        Assert.That((await FailureOf(() => Operator.OperatorCatalog.RemoveServiceTypeAsync(service))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Removing_a_service_type_with_instances_is_409_and_it_stays()
    {
        var service = NewId("svc");
        var plan = NewId("plan");
        await RegisterAsync(ServiceType(service, service, plan));
        await PutManifestAsync(NewId("m"), service, plan);
        var instance = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(plan, service), instance);

        var (status, error) = await FailureOf(() => Operator.OperatorCatalog.RemoveServiceTypeAsync(service));
        Assert.That(status, Is.EqualTo(409));
        Assert.That(error?.Description, Does.Contain("instances"));
        Assert.That(await ServedServiceIdsAsync(), Does.Contain(service));

        var withoutPlan = ServiceType(service, service, NewId("other-plan"));
        Assert.That((await RegisterAsync(withoutPlan)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a plan with instances cannot be dropped");

        await Api.Instances.DeprovisionAsync(service, plan, instance);
        Assert.That((await Operator.OperatorCatalog.RemoveServiceTypeAsync(service)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Removing_without_a_service_id_is_400()
    {
        await OsbErrorAssert.IsErrorAsync(await Operator.Http.DeleteAsync("/v2/et/catalog"), HttpStatusCode.BadRequest);
    }
}
