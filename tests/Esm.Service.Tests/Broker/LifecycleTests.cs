using System.Text;
using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Broker;

/// <summary>What a Platform does, start to end, through the generated client.</summary>
public sealed class LifecycleTests : BrokerTestBase
{
    [Test]
    public async Task Synchronous_lifecycle()
    {
        var catalog = await Api.Catalog.GetCatalogAsync();
        var service = catalog.Result.Services.Single(s => s.Id == TestPlans.Service);
        var plan = service.Plans.Single(p => p.Id == TestPlans.Sync);

        var id = NewId();
        var identity = "cloudfoundry " + Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"user_id":"683ea748"}"""));
        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(plan.Id), id, identity)).StatusCode, Is.EqualTo(201));
        Assert.That((await Api.Instances.GetInstanceLastOperationAsync(id)).Result.State, Is.EqualTo(LastOperationState.Succeeded));
        var binding = await Api.Bindings.BindAsync(BindBody(plan.Id), id, "binding", identity);
        Assert.That(binding.StatusCode, Is.EqualTo(201));
        Assert.That((await Api.Bindings.FetchBindingAsync(id, "binding")).Result.Credentials, Is.Not.Empty);
        var update = new ServiceInstanceUpdateRequest
        {
            Service_id = service.Id,
            Plan_id = TestPlans.SyncB,
            Previous_values = new PreviousValues { Plan_id = plan.Id },
        };
        Assert.That((await Api.Instances.UpdateAsync(update, id, identity)).StatusCode, Is.EqualTo(200));
        Assert.That((await Api.Bindings.UnbindAsync(service.Id, plan.Id, id, "binding", identity)).StatusCode, Is.EqualTo(200));
        Assert.That((await Api.Instances.DeprovisionAsync(service.Id, TestPlans.SyncB, id, identity)).StatusCode, Is.EqualTo(200));
        Assert.That((await FailureOf(() => Api.Instances.FetchInstanceAsync(id))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Asynchronous_lifecycle()
    {
        var id = NewId();
        var body = ProvisionBody(TestPlans.Async);
        body.Context = new Dictionary<string, JsonElement> { ["platform"] = JsonSerializer.SerializeToElement("kubernetes"), ["namespace"] = JsonSerializer.SerializeToElement("ns") };
        var provision = await Api.Instances.ProvisionAsync(body, id, accepts_incomplete: true);
        Assert.That(provision.StatusCode, Is.EqualTo(202));
        Assert.That((await AwaitInstanceOperationAsync(id, provision.Result.Operation)).State, Is.EqualTo(LastOperationState.Succeeded));
        Assert.That((await Api.Instances.ProvisionAsync(body, id, accepts_incomplete: true)).StatusCode, Is.EqualTo(200), "done now: identical re-send is 200");

        var bind = await Api.Bindings.BindAsync(BindBody(TestPlans.Async), id, "b", accepts_incomplete: true);
        Assert.That(bind.StatusCode, Is.EqualTo(202));
        Assert.That((await AwaitBindingOperationAsync(id, "b")).State, Is.EqualTo(LastOperationState.Succeeded));
        Assert.That((await Api.Bindings.FetchBindingAsync(id, "b")).Result.Credentials, Is.Not.Empty);

        var unbind = await Api.Bindings.UnbindAsync(TestPlans.Service, TestPlans.Async, id, "b", accepts_incomplete: true);
        Assert.That(unbind.StatusCode, Is.EqualTo(202));
        await WaitForGoneAsync($"/v2/service_instances/{id}/service_bindings/b/last_operation");

        var deprovision = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Async, id, accepts_incomplete: true);
        Assert.That(deprovision.StatusCode, Is.EqualTo(202));
        await WaitForGoneAsync($"/v2/service_instances/{id}/last_operation");
    }

    private async Task WaitForGoneAsync(string lastOperationPath)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int status;
        do
        {
            await Task.Delay(100);
            status = (int)(await Api.Http.GetAsync(lastOperationPath)).StatusCode;
        }
        while (status == 200 && DateTime.UtcNow < deadline);
        Assert.That(status, Is.EqualTo(410));
    }
}
