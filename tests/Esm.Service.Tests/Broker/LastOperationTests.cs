using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Broker;

public sealed class LastOperationTests : BrokerTestBase
{
    [Test]
    public async Task An_unknown_instance_or_binding_is_404()
    {
        Assert.That((await FailureOf(() => Api.Instances.GetInstanceLastOperationAsync(NewId()))).Status, Is.EqualTo(404));
        Assert.That((await FailureOf(() => Api.Bindings.GetBindingLastOperationAsync(NewId(), "b"))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task A_running_operation_reports_progress_and_Retry_After()
    {
        var id = NewId();
        var accepted = await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        await Task.Delay(300);
        var response = await Api.Instances.GetInstanceLastOperationAsync(id, service_id: TestPlans.Service, plan_id: TestPlans.Slow, operation: accepted.Result.Operation);
        Assert.That(response.Result.State, Is.EqualTo(LastOperationState.In_progress));
        Assert.That(response.Result.Description, Does.Contain("step"));
        Assert.That(response.Headers["Retry-After"].Single(), Is.EqualTo("2"));
    }

    [Test]
    public async Task An_operation_value_the_broker_does_not_know_answers_for_the_current_operation()
    {
        var id = await ProvisionedAsync();
        var response = await Api.Instances.GetInstanceLastOperationAsync(id, operation: "deprovision");
        Assert.That(response.Result.State, Is.EqualTo(LastOperationState.Succeeded));
    }

    [Test]
    public async Task Empty_hints_count_as_absent()
    {
        var id = await ProvisionedAsync();
        var response = await Api.Http.GetAsync($"/v2/service_instances/{id}/last_operation?operation=&service_id=&plan_id=");
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    [Test]
    public async Task The_state_is_serialised_as_the_spec_spells_it()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        var text = await Api.Http.GetStringAsync($"/v2/service_instances/{id}/last_operation");
        Assert.That(text, Does.Contain("\"state\":\"in progress\""));
    }
}
