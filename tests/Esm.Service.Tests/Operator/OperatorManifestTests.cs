using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Operator;

public sealed class OperatorManifestTests : BrokerTestBase
{
    private string _service = null!;
    private string _plan = null!;

    [SetUp]
    public async Task RegisterServiceType()
    {
        _service = NewId("svc");
        _plan = NewId("plan");
        var response = await Operator.Http.PutAsJsonAsync("/v2/et/catalog", new JsonObject
        {
            ["id"] = _service,
            ["name"] = _service,
            ["description"] = "d",
            ["bindable"] = true,
            ["plans"] = new JsonArray(new JsonObject { ["id"] = _plan, ["name"] = "p", ["description"] = "d" }),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    private Manifest Body(string? service = null, string? plan = null, string type = "dummy", Dictionary<string, System.Text.Json.JsonElement>? config = null) => new()
    {
        Service_id = service ?? _service,
        Plan_id = plan ?? _plan,
        Manifest_type = type,
        Config = config,
    };

    [Test]
    public async Task A_manifest_is_created_201_read_listed_updated_200_and_deleted()
    {
        var id = NewId("m");
        Assert.That((await Operator.OperatorManifests.PutManifestAsync(Body(), id)).StatusCode, Is.EqualTo(201));
        var read = await Operator.OperatorManifests.GetManifestAsync(id);
        Assert.That((read.Result.Id, read.Result.Plan_id, read.Result.Manifest_type), Is.EqualTo((id, _plan, "dummy")));
        Assert.That((await Operator.OperatorManifests.ListManifestsAsync()).Result.Select(m => m.Id), Does.Contain(id));

        var slower = Body(config: new() { ["delay_seconds"] = System.Text.Json.JsonSerializer.SerializeToElement(1) });
        Assert.That((await Operator.OperatorManifests.PutManifestAsync(slower, id)).StatusCode, Is.EqualTo(200));
        Assert.That((await Operator.OperatorManifests.GetManifestAsync(id)).Result.Config!["delay_seconds"].GetInt32(), Is.EqualTo(1));

        Assert.That((await Operator.OperatorManifests.DeleteManifestAsync(id)).StatusCode, Is.EqualTo(200));
        Assert.That((await FailureOf(() => Operator.OperatorManifests.GetManifestAsync(id))).Status, Is.EqualTo(404));
        Assert.That((await FailureOf(() => Operator.OperatorManifests.DeleteManifestAsync(id))).Status, Is.EqualTo(404));
    }

    [TestCase("delay_seconds", "1e308")]
    [TestCase("delay_seconds", "1e400")]
    [TestCase("delay_seconds", "92233720368547758080")]
    [TestCase("bind_delay_seconds", "86401")]
    [TestCase("binding_ttl_seconds", "1e308")]
    [TestCase("binding_ttl_seconds", "0")]
    [TestCase("binding_ttl_seconds", "\"3600\"")]
    [TestCase("requires_app", "\"yes\"")]
    public async Task A_setting_no_duration_can_hold_is_400_when_registered(string setting, string value)
    {
        var response = await Operator.Http.PutAsync($"/v2/et/manifest/{NewId("m")}", new StringContent(
            $$$"""{"service_id":"{{{_service}}}","plan_id":"{{{_plan}}}","manifest_type":"dummy","config":{"{{{setting}}}":{{{value}}}}}""",
            System.Text.Encoding.UTF8,
            "application/json"));

        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"config.{setting}"));
    }

    [Test]
    public async Task An_unknown_service_or_plan_is_400()
    {
        Assert.That((await FailureOf(() => Operator.OperatorManifests.PutManifestAsync(Body(service: "nope"), NewId()))).Status, Is.EqualTo(400));
        Assert.That((await FailureOf(() => Operator.OperatorManifests.PutManifestAsync(Body(plan: "nope"), NewId()))).Status, Is.EqualTo(400));
    }

    [Test]
    public async Task A_second_manifest_for_a_plan_is_409()
    {
        await Operator.OperatorManifests.PutManifestAsync(Body(), NewId("m"));
        var (status, error) = await FailureOf(() => Operator.OperatorManifests.PutManifestAsync(Body(), NewId("m")));
        Assert.That(status, Is.EqualTo(409));
        Assert.That(error?.Description, Does.Contain("already realised"));
    }

    [Test]
    public async Task A_manifest_type_no_backend_knows_is_400()
    {
        var (status, error) = await FailureOf(() => Operator.OperatorManifests.PutManifestAsync(Body(type: "helm"), NewId()));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain("helm"));
    }

    [Test]
    public async Task Content_the_backend_cannot_parse_is_400_with_its_message()
    {
        var config = new Dictionary<string, System.Text.Json.JsonElement> { ["fail"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { "explode" }) };
        var (status, error) = await FailureOf(() => Operator.OperatorManifests.PutManifestAsync(Body(config: config), NewId()));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain("config.fail"));
    }

    [Test]
    public async Task Missing_required_fields_are_400()
    {
        var response = await Operator.Http.PutAsJsonAsync($"/v2/et/manifest/{NewId()}", new JsonObject { ["service_id"] = _service });
        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Deleting_a_manifest_whose_plan_has_instances_is_409()
    {
        var id = NewId("m");
        await Operator.OperatorManifests.PutManifestAsync(Body(), id);
        var instance = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(_plan, _service), instance);
        Assert.That((await FailureOf(() => Operator.OperatorManifests.DeleteManifestAsync(id))).Status, Is.EqualTo(409));
        await Api.Instances.DeprovisionAsync(_service, _plan, instance);
        Assert.That((await Operator.OperatorManifests.DeleteManifestAsync(id)).StatusCode, Is.EqualTo(200));
    }
}
