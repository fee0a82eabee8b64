using System.Net;
using Esm.Client;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Broker;

public sealed class DeprovisionTests : BrokerTestBase
{
    [Test]
    public async Task A_synchronous_deprovision_is_200_with_an_empty_object_and_the_instance_is_gone()
    {
        var id = await ProvisionedAsync();
        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
        Assert.That((await FailureOf(() => Api.Instances.FetchInstanceAsync(id))).Status, Is.EqualTo(404));
        Assert.That((await FailureOf(() => Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Sync, id))).Status, Is.EqualTo(410));
    }

    [Test]
    public async Task Deprovisioning_an_unknown_instance_is_410()
    {
        var (status, error) = await FailureOf(() => Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Sync, NewId()));
        Assert.That((status, error?.Error1), Is.EqualTo((410, "ResourceGone")));
    }

    [TestCase("plan_id=sync")]
    [TestCase("service_id=test-service")]
    [TestCase("service_id=&plan_id=sync")]
    [TestCase("")]
    public async Task Missing_service_id_or_plan_id_is_400_even_for_an_unknown_instance(string query)
    {
        foreach (var id in new[] { await ProvisionedAsync(), NewId() })
        {
            var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}?{query}");
            await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest);
        }
    }

    [Test]
    public async Task An_asynchronous_plan_needs_accepts_incomplete_even_without_ids()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), id, accepts_incomplete: true);
        await AwaitInstanceOperationAsync(id);
        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}");
        await OsbErrorAssert.IsErrorAsync(response, (HttpStatusCode)422, "AsyncRequired");
        var unknown = await Api.Http.DeleteAsync($"/v2/service_instances/{NewId()}?service_id={TestPlans.Service}&plan_id={TestPlans.Async}");
        await OsbErrorAssert.IsErrorAsync(unknown, (HttpStatusCode)422, "AsyncRequired");
    }

    [Test]
    public async Task An_asynchronous_deprovision_is_202_then_last_operation_is_410()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), id, accepts_incomplete: true);
        await AwaitInstanceOperationAsync(id);
        var accepted = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Async, id, accepts_incomplete: true);
        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        var again = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Async, id, accepts_incomplete: true);
        Assert.That(again.Result.Operation, Is.EqualTo(accepted.Result.Operation));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        int status;
        do
        {
            await Task.Delay(100);
            status = (int)(await Api.Http.GetAsync($"/v2/service_instances/{id}/last_operation?operation={accepted.Result.Operation}")).StatusCode;
        }
        while (status == 200 && DateTime.UtcNow < deadline);
        Assert.That(status, Is.EqualTo(410));
        Assert.That((await FailureOf(() => Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Async, id, accepts_incomplete: true))).Status, Is.EqualTo(410));
        Assert.That((await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id)).StatusCode, Is.EqualTo(201), "the id can be provisioned again");
    }

    [Test]
    public async Task A_deprovision_during_a_provision_halts_it()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        var deleted = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Slow, id, accepts_incomplete: true);
        Assert.That(deleted.StatusCode, Is.EqualTo(202), "the slow plan deprovisions asynchronously too");
        var status = 0;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && status != 410)
        {
            status = (int)(await Api.Http.GetAsync($"/v2/service_instances/{id}/last_operation")).StatusCode;
            await Task.Delay(100);
        }

        Assert.That(status, Is.EqualTo(200), "a 30 s deprovision is still running: the halted provision did not block it");
    }

    [Test]
    public async Task A_failed_provision_can_be_deprovisioned_for_orphan_mitigation()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.FailProvision), id, accepts_incomplete: true);
        var last = await AwaitInstanceOperationAsync(id);
        Assert.That(last.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(last.Description, Does.Contain("configured to fail"));
        Assert.That(last.Instance_usable, Is.Null, "instance_usable is not sent for a failed provision");
        var deleted = await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.FailProvision, id, accepts_incomplete: true);
        Assert.That(deleted.StatusCode, Is.EqualTo(202));
    }

    [Test]
    public async Task Deprovision_removes_the_instances_bindings()
    {
        var id = await ProvisionedAsync();
        await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b1");
        await Api.Instances.DeprovisionAsync(TestPlans.Service, TestPlans.Sync, id);
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Sync), id);
        Assert.That((await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b1")).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task A_delete_without_accepts_incomplete_while_another_runs_is_a_concurrency_error_never_202()
    {
        var id = await ProvisionedAsync();
        await RunElsewhereAsync(Store.Instances, id, record => record with { State = InstanceState.Deprovisioning }, OperationKind.Deprovision);

        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}");

        await OsbErrorAssert.IsErrorAsync(response, (HttpStatusCode)422, "ConcurrencyError");
    }

    [Test]
    public async Task An_unbind_without_accepts_incomplete_while_another_runs_is_a_concurrency_error_never_202()
    {
        var id = await ProvisionedAsync();
        await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b");
        await RunElsewhereAsync(Store.Bindings, ServiceBindingRecord.KeyOf(id, "b"), record => record with { State = BindingState.Unbinding }, OperationKind.Unbind);

        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}/service_bindings/b?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}");

        await OsbErrorAssert.IsErrorAsync(response, (HttpStatusCode)422, "ConcurrencyError");
    }

    private IStore Store => Factory.Services.GetRequiredService<IStore>();

    /// <summary>Stores a blocking operation of <paramref name="kind"/> on the record, run by another replica within the request that started it.</summary>
    private static async Task RunElsewhereAsync<T>(IRecordCollection<T> records, string key, Func<T, T> state, OperationKind kind)
        where T : class, IOperationRecord<T>
    {
        var current = (await records.GetAsync(key, CancellationToken.None))!;
        var running = Operation.Start(kind, async: false, DateTimeOffset.UtcNow, requestedBy: null) with
        {
            RunnerId = "another-replica",
            LeaseExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        Assert.That(await records.TryReplaceAsync(state(current).WithLastOperation(running), CancellationToken.None), Is.Not.Null);
    }
}
