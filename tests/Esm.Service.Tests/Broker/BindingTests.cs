using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Broker;

public sealed class BindingTests : BrokerTestBase
{
    [Test]
    public async Task A_binding_is_201_with_credentials_naming_instance_and_binding()
    {
        var id = await ProvisionedAsync();
        var response = await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "app-1");
        Assert.That(response.StatusCode, Is.EqualTo(201));
        var credentials = response.Result.Credentials!;
        Assert.That(credentials["instance_id"].GetString(), Is.EqualTo(id));
        Assert.That(credentials["binding_id"].GetString(), Is.EqualTo("app-1"));
        Assert.That(response.Result.Operation, Is.Null);
        Assert.That(response.Result.Metadata, Is.Null, "no empty metadata");
    }

    [Test]
    public async Task The_same_binding_again_is_200_with_the_same_credentials_and_a_different_one_is_409()
    {
        var id = await ProvisionedAsync();
        var first = await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b");
        var again = await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b");
        Assert.That(again.StatusCode, Is.EqualTo(200));
        Assert.That(again.Result.Credentials!["password"].GetString(), Is.EqualTo(first.Result.Credentials!["password"].GetString()));

        var different = BindBody(TestPlans.Sync);
        different.Parameters = new Dictionary<string, JsonElement> { ["role"] = JsonSerializer.SerializeToElement("reader") };
        var (status, error) = await FailureOf(() => Api.Bindings.BindAsync(different, id, "b"));
        Assert.That((status, error?.Error1), Is.EqualTo((409, "AlreadyExists")));
    }

    [Test]
    public async Task An_instance_has_many_bindings_each_with_its_own_credentials()
    {
        var id = await ProvisionedAsync();
        var passwords = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, $"b{i}");
            passwords.Add(response.Result.Credentials!["password"].GetString()!);
        }

        Assert.That(passwords, Has.Count.EqualTo(5));
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await Api.Bindings.FetchBindingAsync(id, $"b{i}")).StatusCode, Is.EqualTo(200));
        }
    }

    [Test]
    public async Task A_plan_that_demands_an_app_is_422_RequiresApp_without_one()
    {
        var id = await ProvisionedAsync(TestPlans.RequiresApp);
        var (status, error) = await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.RequiresApp), id, "b"));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "RequiresApp")));
        var withApp = BindBody(TestPlans.RequiresApp);
        withApp.Bind_resource = new BindResource { App_guid = "app-guid" };
        Assert.That((await Api.Bindings.BindAsync(withApp, id, "b")).StatusCode, Is.EqualTo(201));
    }

    [Test]
    public async Task Binding_parameters_are_validated_against_the_binding_schema()
    {
        var id = await ProvisionedAsync();
        var body = BindBody(TestPlans.Sync);
        body.Parameters = new Dictionary<string, JsonElement> { ["role"] = JsonSerializer.SerializeToElement("admin") };
        var (status, error) = await FailureOf(() => Api.Bindings.BindAsync(body, id, "b"));
        Assert.That(status, Is.EqualTo(400));
        Assert.That(error?.Description, Does.Contain("service_binding.create"));
    }

    [Test]
    public async Task Binding_an_unknown_instance_is_404_and_a_plan_that_is_not_bindable_is_400()
    {
        Assert.That((await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.Sync), NewId(), "b"))).Status, Is.EqualTo(404));
        var id = await ProvisionedAsync(TestPlans.NotBindable);
        Assert.That((await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.NotBindable), id, "b"))).Status, Is.EqualTo(400));
    }

    [Test]
    public async Task A_rotatable_binding_carries_expiry_and_can_be_rotated_with_its_parameters()
    {
        var id = await ProvisionedAsync(TestPlans.Rotatable);
        var body = BindBody(TestPlans.Rotatable);
        body.Parameters = new Dictionary<string, JsonElement> { ["note"] = JsonSerializer.SerializeToElement("kept") };
        var original = await Api.Bindings.BindAsync(body, id, "old");
        Assert.That(original.Result.Metadata?.Expires_at, Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\dZ$"));
        Assert.That(string.CompareOrdinal(original.Result.Metadata!.Renew_before, original.Result.Metadata.Expires_at), Is.LessThan(0));

        var rotation = BindBody(TestPlans.Rotatable);
        rotation.Predecessor_binding_id = "old";
        var successor = await Api.Bindings.BindAsync(rotation, id, "new");
        Assert.That(successor.StatusCode, Is.EqualTo(201));
        var fetched = await Api.Bindings.FetchBindingAsync(id, "new");
        Assert.That(fetched.Result.Parameters!["note"].GetString(), Is.EqualTo("kept"));
        Assert.That((await Api.Bindings.FetchBindingAsync(id, "old")).StatusCode, Is.EqualTo(200), "both stay valid");
    }

    [Test]
    public async Task Rotation_is_400_when_the_plan_is_not_rotatable_or_the_predecessor_is_unknown()
    {
        var fixedId = await ProvisionedAsync();
        await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), fixedId, "old");
        var rotation = BindBody(TestPlans.Sync);
        rotation.Predecessor_binding_id = "old";
        Assert.That((await FailureOf(() => Api.Bindings.BindAsync(rotation, fixedId, "new"))).Status, Is.EqualTo(400));

        var rotatableId = await ProvisionedAsync(TestPlans.Rotatable);
        var unknown = BindBody(TestPlans.Rotatable);
        unknown.Predecessor_binding_id = "never-bound";
        Assert.That((await FailureOf(() => Api.Bindings.BindAsync(unknown, rotatableId, "new"))).Status, Is.EqualTo(400));
    }

    [Test]
    public async Task An_asynchronous_binding_is_202_without_credentials_then_fetched()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Async), id, accepts_incomplete: true);
        await AwaitInstanceOperationAsync(id);
        Assert.That((await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.Async), id, "b"))).Error?.Error1, Is.EqualTo("AsyncRequired"));

        var raw = await Api.Http.PutAsync($"/v2/service_instances/{id}/service_bindings/b?accepts_incomplete=true", JsonContent.Create(new { service_id = TestPlans.Service, plan_id = TestPlans.Async }));
        Assert.That(raw.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        using var accepted = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        Assert.That(accepted.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "operation" }), "a 202 carries only the operation");
        Assert.That((await FailureOf(() => Api.Bindings.FetchBindingAsync(id, "b"))).Status, Is.EqualTo(404), "not fetchable while binding");

        Assert.That((await AwaitBindingOperationAsync(id, "b")).State, Is.EqualTo(LastOperationState.Succeeded));
        var fetched = await Api.Bindings.FetchBindingAsync(id, "b");
        Assert.That(fetched.Result.Credentials!["binding_id"].GetString(), Is.EqualTo("b"));
    }

    [Test]
    public async Task Unbind_is_200_then_410_and_missing_ids_are_400_for_an_existing_binding()
    {
        var id = await ProvisionedAsync();
        await Api.Bindings.BindAsync(BindBody(TestPlans.Sync), id, "b");
        await OsbErrorAssert.IsErrorAsync(await Api.Http.DeleteAsync($"/v2/service_instances/{id}/service_bindings/b?plan_id=sync"), HttpStatusCode.BadRequest);
        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{id}/service_bindings/b?service_id={TestPlans.Service}&plan_id={TestPlans.Sync}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
        Assert.That((await FailureOf(() => Api.Bindings.UnbindAsync(TestPlans.Service, TestPlans.Sync, id, "b"))).Status, Is.EqualTo(410));
        Assert.That((await FailureOf(() => Api.Bindings.FetchBindingAsync(id, "b"))).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Unbinding_an_unknown_binding_is_410_even_without_ids()
    {
        var response = await Api.Http.DeleteAsync($"/v2/service_instances/{NewId()}/service_bindings/nope");
        await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.Gone, "ResourceGone");
    }

    [Test]
    public async Task Binding_an_instance_that_is_still_provisioning_is_422_ConcurrencyError()
    {
        var id = NewId();
        await Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.Slow), id, accepts_incomplete: true);
        var (status, error) = await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.Slow), id, "b", accepts_incomplete: true));
        Assert.That((status, error?.Error1), Is.EqualTo((422, "ConcurrencyError")));
    }

    [Test]
    public async Task A_deprovision_racing_a_bind_never_leaves_the_binding_behind() =>
        TestContext.Out.WriteLine(await DeprovisionBindRace.RunAsync(Api.Http, Factory.CreatePlatformClient(), rounds: 100));

    [Test]
    public async Task Binding_an_instance_that_failed_to_provision_is_404_not_a_concurrency_error()
    {
        var id = NewId();
        Assert.That((await FailureOf(() => Api.Instances.ProvisionAsync(ProvisionBody(TestPlans.FailSyncProvision), id))).Status, Is.EqualTo(500));

        var (status, error) = await FailureOf(() => Api.Bindings.BindAsync(BindBody(TestPlans.FailSyncProvision), id, "b"));

        Assert.That((status, error?.Error1), Is.EqualTo((404, "NotFound")));
        Assert.That(error!.Description, Does.Contain("failed to provision"));
    }
}
