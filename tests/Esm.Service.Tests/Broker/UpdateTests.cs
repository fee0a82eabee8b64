using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Broker;

public sealed class UpdateTests : BrokerTestBase
{
    private static ServiceInstanceUpdateRequest UpdateBody(string? planId = null, int? size = null, string? platform = null) => new()
    {
        Service_id = TestPlans.Service,
        Plan_id = planId,
        Parameters = size is null ? null : new Dictionary<string, JsonElement> { ["size"] = JsonSerializer.SerializeToElement(size) },
        Context = platform is null ? null : new Dictionary<string, JsonElement> { ["platform"] = JsonSerializer.SerializeToElement(platform), ["instance_name"] = JsonSerializer.SerializeToElement("renamed") },
    };

    [Test]
    public async Task A_plan_change_on_an_updateable_plan_is_applied()
    {
        var id = await ProvisionedAsync();
        var response = await Api.Instances.UpdateAsync(UpdateBody(TestPlans.SyncB), id);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Plan_id, Is.EqualTo(TestPlans.SyncB));
    }

    [Test]
    public async Task A_plan_change_on_a_plan_that_is_not_updateable_is_422_and_changes_nothing()
    {
        var id = await ProvisionedAsync(TestPlans.Fixed);
        var (status, error) = await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(TestPlans.Sync), id));
        Assert.That(status, Is.EqualTo(422));
        Assert.That(error?.Description, Does.Contain("plan_updateable"));
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Plan_id, Is.EqualTo(TestPlans.Fixed));
    }

    [Test]
    public async Task Parameters_are_validated_against_the_update_schema_and_a_rejected_update_changes_nothing()
    {
        var id = await ProvisionedAsync();
        Assert.That((await Api.Instances.UpdateAsync(UpdateBody(size: 15), id)).StatusCode, Is.EqualTo(200), "15 is allowed by the update schema, not the create one");
        var (status, error) = await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(size: 50), id));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain("service_instance.update"));
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Parameters!["size"].GetInt32(), Is.EqualTo(15));
    }

    [Test]
    public async Task A_context_only_update_is_honoured_when_the_service_allows_it()
    {
        var id = await ProvisionedAsync();
        Assert.That((await Api.Instances.UpdateAsync(UpdateBody(platform: "cloudfoundry"), id)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_context_only_update_is_422_when_the_service_does_not_allow_it()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.NoContextPlan, TestPlans.NoContextService), id);
        var body = UpdateBody(platform: "cloudfoundry");
        body.Service_id = TestPlans.NoContextService;
        var (status, error) = await FailureOf(() => Api.Instances.UpdateAsync(body, id));
        Assert.That(status, Is.EqualTo(422));
        Assert.That(error?.Description, Does.Contain("allow_context_updates"));
    }

    [Test]
    public async Task An_update_that_changes_nothing_is_200()
    {
        var id = await ProvisionedAsync();
        Assert.That((await Api.Instances.UpdateAsync(UpdateBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Missing_service_id_or_another_service_is_400()
    {
        var id = await ProvisionedAsync();
        var body = UpdateBody(size: 2);
        body.Service_id = string.Empty;
        Assert.That((await FailureOf(() => Api.Instances.UpdateAsync(body, id))).Status, Is.EqualTo(400));
        body.Service_id = TestPlans.NoContextService;
        Assert.That((await FailureOf(() => Api.Instances.UpdateAsync(body, id))).Status, Is.EqualTo(400));
    }

    [Test]
    public async Task Updating_an_unknown_instance_is_404()
    {
        Assert.That((await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(size: 1), NewId()))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task A_failed_update_keeps_the_old_state_and_says_the_instance_is_usable()
    {
        var id = await ProvisionedAsync(TestPlans.FailUpdate);
        var (status, error) = await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(size: 2), id));
        Assert.That(status, Is.EqualTo(500));
        Assert.That(error?.Instance_usable, Is.True);
        Assert.That(error?.Update_repeatable, Is.True);

        var last = (await Api.Instances.GetInstanceLastOperationAsync(id)).Result;
        Assert.That(last.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(last.Instance_usable, Is.True);
        Assert.That(last.Update_repeatable, Is.True);
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Parameters, Is.Null, "the parameters were not changed");
    }

    [Test]
    public async Task An_asynchronous_update_is_202_and_polled_to_success()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), id, accepts_incomplete: true);
        await AwaitInstanceOperationAsync(id);
        Assert.That((await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(size: 1), id))).Error?.Error1, Is.EqualTo("AsyncRequired"));

        var accepted = await Api.Instances.UpdateAsync(UpdateBody(size: 1), id, accepts_incomplete: true);
        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        var resent = await Api.Instances.UpdateAsync(UpdateBody(size: 1), id, accepts_incomplete: true);
        Assert.That(resent.Result.Operation, Is.EqualTo(accepted.Result.Operation), "the same update re-sent while running");
        var other = await FailureOf(() => Api.Instances.UpdateAsync(UpdateBody(size: 7), id, accepts_incomplete: true));
        Assert.That((other.Status, other.Error?.Error1), Is.EqualTo((422, "ConcurrencyError")), "a different update while one runs");
        var fetch = await FailureOf(() => Api.Instances.FetchInstanceAsync(id));
        Assert.That((fetch.Status, fetch.Error?.Error1), Is.EqualTo((422, "ConcurrencyError")), "fetch while updating");

        var last = await AwaitInstanceOperationAsync(id, accepted.Result.Operation);
        Assert.That(last.State, Is.EqualTo(LastOperationState.Succeeded));
        Assert.That(last.Instance_usable, Is.Null, "only failed updates and deprovisions carry instance_usable");
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Parameters!["size"].GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_update_with_empty_parameters_changes_nothing()
    {
        var id = NewId();
        var body = ProvisionBody(TestPlans.Sync);
        body.Parameters = new Dictionary<string, System.Text.Json.JsonElement> { ["size"] = System.Text.Json.JsonSerializer.SerializeToElement(3) };
        await Api.Instances.ProvisionAsync(body, id);

        var updated = await Api.Http.PatchAsync($"/v2/service_instances/{id}", new StringContent("""{"service_id":"test-service","parameters":{}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.That((int)updated.StatusCode, Is.EqualTo(200));
        Assert.That((await Api.Instances.FetchInstanceAsync(id)).Result.Parameters!["size"].GetInt32(), Is.EqualTo(3), "the parameters are kept");
    }
}
