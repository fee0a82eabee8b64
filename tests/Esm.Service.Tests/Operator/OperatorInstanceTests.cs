using System.Text;
using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Operator;

public sealed class OperatorInstanceTests : BrokerTestBase
{
    [Test]
    public async Task The_detail_shows_what_the_platform_sent_bindings_without_credentials_history_and_live_view()
    {
        var id = NewId();
        var body = ProvisionBody(TestPlans.Sync);
        body.Context = new Dictionary<string, JsonElement> { ["platform"] = JsonSerializer.SerializeToElement("cloudfoundry"), ["space_name"] = JsonSerializer.SerializeToElement("dev") };
        body.Parameters = new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(4) };
        var identity = "cloudfoundry " + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"user_id":"alice"}"""));
        await Api.Instances.ProvisionAsync(body, id, identity);
        var binding = await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b1", identity);
        var update = new ServiceInstanceUpdateRequest { Service_id = TestPlans.Service, Parameters = new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(5) } };
        await Api.Instances.UpdateAsync(update, id);

        var detail = (await Operator.OperatorInstances.GetInstanceDetailAsync(id)).Result;
        Assert.That(detail.State, Is.EqualTo("ready"));
        Assert.That(detail.Context!["space_name"].GetString(), Is.EqualTo("dev"));
        Assert.That(detail.Parameters!["size"].GetInt32(), Is.EqualTo(5));
        Assert.That(detail.Originating_identity?.Platform, Is.EqualTo("cloudfoundry"));
        Assert.That(detail.Originating_identity?.Value["user_id"].GetString(), Is.EqualTo("alice"));
        Assert.That(detail.Operations.Select(o => o.Kind), Is.EqualTo(new[] { "provision", "update" }));
        Assert.That(detail.Bindings.Single().Binding_id, Is.EqualTo("b1"));
        Assert.That(detail.Bindings.Single().Originating_identity?.Platform, Is.EqualTo("cloudfoundry"));
        Assert.That(detail.Live!["backend"].GetString(), Is.EqualTo("dummy"));
        Assert.That(detail.Live["recorded"].GetProperty("parameters").GetProperty("size").GetInt32(), Is.EqualTo(5));

        var raw = await Operator.Http.GetStringAsync($"/v2/et/service_instances/{id}");
        Assert.That(raw, Does.Not.Contain(binding.Result.Credentials!["password"].GetString()), "credentials never appear in the operator view");
    }

    [Test]
    public async Task An_unknown_instance_is_404()
    {
        Assert.That((await FailureOf(() => Operator.OperatorInstances.GetInstanceDetailAsync(NewId()))).Status, Is.EqualTo(404));
        Assert.That((await FailureOf(() => Operator.OperatorInstances.RecreateInstanceAsync(NewId()))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Instances_are_listed_a_page_at_a_time_and_filtered_by_plan()
    {
        using var factory = new BrokerFactory();
        var platform = new BrokerApi(factory.CreatePlatformClient());
        var @operator = new BrokerApi(factory.CreateOperatorClient());
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = $"list-{i}";
            await platform.Instances.ProvisionAsync(ProvisionBody(i < 3 ? TestPlans.Sync : TestPlans.SyncB), id);
            created.Add(id);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await @operator.OperatorInstances.ListInstancesAsync(page_size: 2, page_token: token)).Result;
            Assert.That(page.Instances.Count, Is.LessThanOrEqualTo(2));
            seen.AddRange(page.Instances.Select(i => i.Instance_id));
            token = page.Next_page_token;
        }
        while (token is not null);
        Assert.That(seen, Is.EqualTo(created));

        var ofPlan = (await @operator.OperatorInstances.ListInstancesAsync(plan_id: TestPlans.SyncB)).Result;
        Assert.That(ofPlan.Instances.Select(i => i.Instance_id), Is.EqualTo(new[] { "list-3", "list-4" }));
        var ofService = (await @operator.OperatorInstances.ListInstancesAsync(service_id: TestPlans.NoContextService)).Result;
        Assert.That(ofService.Instances, Is.Empty);
    }

    [TestCase("page_size=0")]
    [TestCase("page_size=501")]
    [TestCase("page_token=%%%")]
    public async Task A_bad_page_request_is_400(string query)
    {
        await OsbErrorAssert.IsErrorAsync(await Operator.Http.GetAsync($"/v2/et/service_instances?{query}"), System.Net.HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Recreate_runs_asynchronously_and_is_visible_through_last_operation()
    {
        var id = await ProvisionedAsync();
        var accepted = await Operator.OperatorInstances.RecreateInstanceAsync(id);
        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        var last = await AwaitInstanceOperationAsync(id, accepted.Result.Operation);
        Assert.That(last.State, Is.EqualTo(LastOperationState.Succeeded));
        Assert.That(last.Description, Is.EqualTo("Recreated."));
        var detail = (await Operator.OperatorInstances.GetInstanceDetailAsync(id)).Result;
        Assert.That(detail.Operations.Last().Kind, Is.EqualTo("recreate"));
    }

    [Test]
    public async Task Recreate_brings_back_an_instance_that_failed_to_provision()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.FailProvision), id, accepts_incomplete: true);
        Assert.That((await AwaitInstanceOperationAsync(id)).State, Is.EqualTo(LastOperationState.Failed));
        var accepted = await Operator.OperatorInstances.RecreateInstanceAsync(id);
        Assert.That((await AwaitInstanceOperationAsync(id, accepted.Result.Operation)).State, Is.EqualTo(LastOperationState.Failed), "the plan still fails: recreate reports it honestly");
    }

    [Test]
    public async Task Recreate_while_an_operation_runs_is_422_ConcurrencyError()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        var (status, error) = await FailureOf(() => Operator.OperatorInstances.RecreateInstanceAsync(id));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "ConcurrencyError")));
    }
}
