using System.Text;
using System.Text.Json;
using Esm.Client;
using Esm.Service.Broker;
using Esm.Service.Stores;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Broker;

public sealed class ProvisionTests : BrokerTestBase
{
    [Test]
    public async Task A_synchronous_provision_is_201_and_the_instance_can_be_fetched()
    {
        var id = NewId();
        var body = ProvisionBody(TestPlans.Sync);
        body.Parameters = new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(3) };
        var created = await Api.Instances.ProvisionAsync(body, id);
        Assert.That(created.StatusCode, Is.EqualTo(201));
        Assert.That(created.Result.Operation, Is.Null);

        var fetched = await Api.Instances.FetchInstanceAsync(id);
        Assert.That(fetched.Result.Service_id, Is.EqualTo(TestPlans.Service));
        Assert.That(fetched.Result.Plan_id, Is.EqualTo(TestPlans.Sync));
        Assert.That(fetched.Result.Parameters!["size"].GetInt32(), Is.EqualTo(3));
        Assert.That(fetched.Result.Maintenance_info?.Version, Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task The_same_request_again_after_completion_is_200()
    {
        var id = NewId();
        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(201));
        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task The_same_request_with_keys_in_another_order_is_still_identical()
    {
        var id = NewId();
        var first = """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","parameters":{"size":1},"context":{"platform":"cloudfoundry","a":1,"b":2}}""";
        var second = """{"context":{"b":2,"a":1,"platform":"cloudfoundry"},"parameters":{"size":1},"space_guid":"s","organization_guid":"o","plan_id":"sync","service_id":"test-service"}""";
        Assert.That((int)(await Api.Http.PutAsync($"/v2/service_instances/{id}", Json(first))).StatusCode, Is.EqualTo(201));
        Assert.That((int)(await Api.Http.PutAsync($"/v2/service_instances/{id}", Json(second))).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task An_instance_stored_with_the_request_text_as_fingerprint_still_recognises_the_same_request()
    {
        var id = NewId();
        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(201));

        // What the broker stored before fingerprints were hashed: the canonical text itself.
        var instances = Factory.Services.GetRequiredService<IStore>().Instances;
        var stored = (await instances.GetAsync(id, CancellationToken.None))!;
        var text = $$"""{"context":null,"maintenance_version":null,"organization_guid":"org-guid","parameters":null,"plan_id":"{{TestPlans.Sync}}","service_id":"{{TestPlans.Service}}","space_guid":"space-guid"}""";
        Assert.That(RequestFingerprint.Same(text, stored.ProvisionFingerprint), Is.True, "the text is the canonical form of ProvisionBody");
        Assert.That(await instances.TryReplaceAsync(stored with { ProvisionFingerprint = text }, CancellationToken.None), Is.Not.Null);

        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(200));
        var (status, _) = await FailureOf(() => Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.SyncB), id));
        Assert.That(status, Is.EqualTo(409));
    }

    [TestCase("plan")]
    [TestCase("parameters")]
    [TestCase("space")]
    public async Task The_same_id_with_different_attributes_is_409(string what)
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id);
        var different = ProvisionBody(what == "plan" ? TestPlans.SyncB : TestPlans.Sync);
        if (what == "parameters")
        {
            different.Parameters = new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(2) };
        }

#pragma warning disable CS0612
        if (what == "space")
        {
            different.Space_guid = "another-space";
        }
#pragma warning restore CS0612

        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(different, id));
        Assert.That(status, Is.EqualTo(409));
        Assert.That(error?.Error1, Is.EqualTo("AlreadyExists"));
    }

    [TestCase("service_id")]
    [TestCase("plan_id")]
    [TestCase("organization_guid")]
    [TestCase("space_guid")]
    public async Task Missing_or_empty_required_fields_are_400(string field)
    {
        foreach (var value in new[] { "null", "\"\"" })
        {
            var body = JsonSerializer.Deserialize<Dictionary<string, object>>("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""")!;
            if (value == "null")
            {
                body.Remove(field);
            }
            else
            {
                body[field] = string.Empty;
            }

            var response = await Api.Http.PutAsync($"/v2/service_instances/{NewId()}", Json(JsonSerializer.Serialize(body)));
            var error = await OsbErrorAssert.IsErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "BadRequest");
            Assert.That(error.GetProperty("description").GetString(), Does.Contain(field));
        }
    }

    [TestCase("no-such-service", TestPlans.Sync)]
    [TestCase(TestPlans.Service, "no-such-plan")]
    [TestCase(TestPlans.NoContextService, TestPlans.Sync)]
    public async Task An_unknown_service_or_a_plan_of_another_service_is_400(string serviceId, string planId)
    {
        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(ProvisionBody(planId, serviceId), NewId()));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain(serviceId == "no-such-service" ? "service_id" : "plan_id"));
    }

    [Test]
    public async Task Parameters_that_violate_the_plan_schema_are_400_with_the_violation()
    {
        var body = ProvisionBody(TestPlans.Sync);
        body.Parameters = new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(99) };
        var id = NewId();
        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(body, id));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain("size").And.Contain("NumberTooBig"));
        Assert.That((await FailureOf(() => Api.Instances.GetInstanceLastOperationAsync(id))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task An_asynchronous_plan_without_accepts_incomplete_is_422_AsyncRequired()
    {
        foreach (var acceptsIncomplete in new bool?[] { null, false })
        {
            var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), NewId(), accepts_incomplete: acceptsIncomplete));
            Assert.That(status, Is.EqualTo(422));
            Assert.That(error?.Error1, Is.EqualTo("AsyncRequired"));
        }
    }

    [Test]
    public async Task An_asynchronous_provision_is_202_and_a_resend_while_running_is_202_with_the_same_operation()
    {
        var id = NewId();
        var first = await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        Assert.That(first.StatusCode, Is.EqualTo(202));
        Assert.That(first.Result.Operation, Is.Not.Empty);
        var again = await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        Assert.That(again.StatusCode, Is.EqualTo(202));
        Assert.That(again.Result.Operation, Is.EqualTo(first.Result.Operation));
        Assert.That((await FailureOf(() => Api.Instances.FetchInstanceAsync(id))).Status, Is.EqualTo(404), "not fetchable while provisioning");
    }

    [Test]
    public async Task A_synchronous_plan_answers_201_even_when_the_platform_accepts_incomplete()
    {
        var response = await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), NewId(), accepts_incomplete: true);
        Assert.That(response.StatusCode, Is.EqualTo(201));
    }

    [TestCase("9.9.9")]
    [TestCase("Invalid")]
    public async Task A_maintenance_version_other_than_the_catalog_is_422_MaintenanceInfoConflict(string version)
    {
        var body = ProvisionBody(TestPlans.Sync);
        body.Maintenance_info = new RequestedMaintenanceInfo { Version = version };
        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(body, NewId()));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "MaintenanceInfoConflict")));
    }

    [Test]
    public async Task A_maintenance_version_on_a_plan_without_maintenance_info_is_422_MaintenanceInfoConflict()
    {
        var body = ProvisionBody(TestPlans.Fixed);
        body.Maintenance_info = new RequestedMaintenanceInfo { Version = "1.0.0" };
        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(body, NewId()));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "MaintenanceInfoConflict")));
    }

    [Test]
    public async Task The_catalog_maintenance_version_and_an_empty_maintenance_info_are_accepted()
    {
        var matching = ProvisionBody(TestPlans.Sync);
        matching.Maintenance_info = new RequestedMaintenanceInfo { Version = "1.0.0" };
        Assert.That((await Api.Instances.ProvisionAsync(matching, NewId())).StatusCode, Is.EqualTo(201));
        var empty = ProvisionBody(TestPlans.Sync);
        empty.Maintenance_info = new RequestedMaintenanceInfo();
        Assert.That((await Api.Instances.ProvisionAsync(empty, NewId())).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task A_failing_synchronous_provision_is_a_500_with_the_reason_and_can_be_deleted()
    {
        var id = NewId();
        var (status, error) = await FailureOf(() => Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.FailSyncProvision), id));
        Assert.That(status, Is.EqualTo(500));
        Assert.That(error?.Description, Does.Contain("configured to fail"));
        var deleted = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.FailSyncProvision, id);
        Assert.That(deleted.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_platform_mismatch_between_context_and_originating_identity_is_400()
    {
        var body = ProvisionBody(TestPlans.Sync);
        body.Context = new Dictionary<string, JsonElement> { ["platform"] = JsonSerializer.SerializeToElement("kubernetes") };
        var identity = "cloudfoundry " + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"user_id":"u1"}"""));
        var (status, _) = await FailureOf(() => Api.Instances.ProvisionAsync(body, NewId(), identity));
        Assert.That(status, Is.EqualTo(400));
    }

    [Test]
    public async Task Concurrent_identical_provisions_create_the_instance_once()
    {
        var id = NewId();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            (int)(await Api.Http.PutAsync($"/v2/service_instances/{id}", Json("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}"""))).StatusCode));
        Assert.That(statuses.Count(s => s == 201), Is.EqualTo(1), string.Join(",", statuses));
        Assert.That(statuses.Where(s => s != 201), Is.All.EqualTo(200).Or.EqualTo(422), "identical re-sends see it done (200) or still running (422 for a blocking plan)");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [TestCase("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""", """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","parameters":{}}""")]
    [TestCase("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","parameters":{}}""", """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""")]
    [TestCase("""{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s"}""", """{"service_id":"test-service","plan_id":"sync","organization_guid":"o","space_guid":"s","context":{},"parameters":null}""")]
    public async Task Empty_parameters_or_context_are_the_same_as_none(string first, string second)
    {
        var id = NewId();
        Assert.That((int)(await Api.Http.PutAsync($"/v2/service_instances/{id}", Json(first))).StatusCode, Is.EqualTo(201));
        Assert.That((int)(await Api.Http.PutAsync($"/v2/service_instances/{id}", Json(second))).StatusCode, Is.EqualTo(200));
    }
}
