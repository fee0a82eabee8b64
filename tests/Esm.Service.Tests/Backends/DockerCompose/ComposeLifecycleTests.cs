using System.Net;
using System.Text.Json;
using Esm.Client;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>Instances that really run: provision, bind, update and deprovision through the OSB API against a real engine.</summary>
public sealed class ComposeLifecycleTests : ComposeTestBase
{
    [Test]
    public async Task An_asynchronous_provision_runs_a_container_whose_binding_credentials_work()
    {
        var id = NewId("instance");

        var accepted = await Api.Instances.ProvisionAsync(ComposeProvisionBody("web", "hello from the test"), id, accepts_incomplete: true);
        var outcome = await AwaitInstanceOperationAsync(id);
        var binding = await BindAsync(id, "web");

        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        Assert.That((outcome.State, outcome.Description), Is.EqualTo((LastOperationState.Succeeded, "1 of 1 services running.")));
        var uri = binding.Credentials!["uri"].GetString()!;
        var password = binding.Credentials["password"].GetString()!;
        Assert.That(uri, Does.StartWith($"http://admin:{password}@127.0.0.1:"));
        Assert.That(password, Has.Length.EqualTo(32));
        Assert.That(await FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "hello from the test")));
        Assert.That((await FetchAsync(uri, password: "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var endpoint = binding.Endpoints!.Single();
        Assert.That((endpoint.Host, endpoint.Ports.Single(), endpoint.Protocol), Is.EqualTo(("127.0.0.1", new Uri(uri).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), EndpointProtocol.Tcp)));
    }

    [Test]
    public async Task A_blocking_plan_provisions_within_the_request_and_answers_at_once()
    {
        var id = NewId("instance");

        var created = await Api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id);
        var binding = await BindAsync(id, "web-sync");

        Assert.That(created.StatusCode, Is.EqualTo(201));
        Assert.That(await FetchAsync(binding.Credentials!["uri"].GetString()!), Is.EqualTo((HttpStatusCode.OK, "hello")));
    }

    [Test]
    public async Task Values_reach_the_container_exactly_as_sent()
    {
        const string tricky = "it's \"quoted\" $HOME ${password} \\ # not a comment\nsecond line";
        var (id, _) = await ProvisionAsync("web-sync", tricky);

        var binding = await BindAsync(id, "web-sync");

        Assert.That((await FetchAsync(binding.Credentials!["uri"].GetString()!)).Body, Is.EqualTo(tricky));
    }

    [Test]
    public async Task An_update_changes_the_container_environment_and_keeps_the_bound_port()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var uri = (await BindAsync(id, "web-sync")).Credentials!["uri"].GetString()!;

        var update = new ServiceInstanceUpdateRequest { Service_id = Service, Parameters = Greeting("changed") };
        var updated = await Api.Instances.UpdateAsync(update, id);

        Assert.That(updated.StatusCode, Is.EqualTo(200));
        Assert.That(await FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "changed")), "the binding handed out before the update still works");
    }

    [Test]
    public async Task A_plan_change_swaps_the_compose_file()
    {
        var (id, _) = await ProvisionAsync("web-sync", "swapped");
        var uri = (await BindAsync(id, "web-sync")).Credentials!["uri"].GetString()!;

        var accepted = await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Plan_id = "web-b" }, id, accepts_incomplete: true);
        var outcome = await AwaitInstanceOperationAsync(id);

        Assert.That((accepted.StatusCode, outcome.State), Is.EqualTo((202, LastOperationState.Succeeded)));
        Assert.That(await FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "plan b: swapped")));
    }

    [Test]
    public async Task A_failed_update_keeps_the_previous_configuration_running()
    {
        var (id, _) = await ProvisionAsync("web-sync", "still here");
        var uri = (await BindAsync(id, "web-sync")).Credentials!["uri"].GetString()!;

        await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Plan_id = "crash" }, id, accepts_incomplete: true);
        var outcome = await AwaitInstanceOperationAsync(id);

        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Instance_usable, Is.True);
        Assert.That(outcome.Description, Does.Contain("previous configuration runs again").And.Contain("exited with code 3").And.Contain("boom"));
        Assert.That(await FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "still here")));
    }

    [Test]
    public async Task A_container_that_exits_fails_the_provision_with_its_exit_code_and_last_logs()
    {
        var (id, outcome) = await ProvisionAsync("crash");

        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Description, Does.StartWith("Service 'app' exited with code 3.").And.Contain("boom: no configuration"));

        var removed = await Api.Instances.DeprovisionAsync(Service, "crash", id, accepts_incomplete: true);
        Assert.That(removed.StatusCode, Is.EqualTo(202), "the Platform's orphan mitigation");
    }

    [Test]
    public async Task Deprovisioning_leaves_no_container_network_volume_or_folder()
    {
        var (id, _) = await ProvisionAsync("web");
        var project = await ProjectOfAsync(id);
        Assert.That(await ResourceCountAsync(project), Is.EqualTo(3), "a container, the default network and the data volume");

        var accepted = await Api.Instances.DeprovisionAsync(Service, "web", id, accepts_incomplete: true);
        await AwaitGoneAsync(id);

        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        Assert.That(await ResourceCountAsync(project), Is.Zero);
        Assert.That(Directory.Exists(Path.Combine(WorkDirectory, project)), Is.False);
    }

    [Test]
    public async Task Deprovisioning_succeeds_when_the_project_is_already_gone()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var project = await ProjectOfAsync(id);
        await DockerEngine.RemoveLabelledAsync($"com.docker.compose.project={project}");
        Directory.Delete(Path.Combine(WorkDirectory, project), recursive: true);

        var removed = await Api.Instances.DeprovisionAsync(Service, "web-sync", id);

        Assert.That(removed.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task The_live_view_shows_each_service_and_never_a_secret()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var password = (await BindAsync(id, "web-sync")).Credentials!["password"].GetString()!;

        var live = (await Operator.OperatorInstances.GetInstanceDetailAsync(id)).Result.Live!;
        var raw = await Operator.Http.GetStringAsync($"/v2/et/service_instances/{id}");

        var web = live["services"].GetProperty("web")[0];
        Assert.That(live["backend"].GetString(), Is.EqualTo("docker-compose"));
        Assert.That((web.GetProperty("state").GetString(), web.GetProperty("health").GetString(), web.GetProperty("image").GetString()), Is.EqualTo(("running", "healthy", DockerEngine.TestImage)));
        Assert.That(web.GetProperty("ports")[0].GetString(), Does.Match(@"^127\.0\.0\.1:\d+->8080/tcp$"));
        Assert.That(raw, Does.Not.Contain(password));
    }

    private static Dictionary<string, JsonElement> Greeting(string greeting) => new() { ["greeting"] = JsonSerializer.SerializeToElement(greeting) };

    private async Task AwaitGoneAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var (status, _) = await FailureOrNothingAsync(() => Api.Instances.GetInstanceLastOperationAsync(id));
            if (status == 410)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the deprovision did not finish within 30 s");
    }

    private static async Task<(int Status, string? Description)> FailureOrNothingAsync(Func<Task> call)
    {
        try
        {
            await call();
            return (200, null);
        }
        catch (BrokerApiException e)
        {
            return (e.StatusCode, e.Message);
        }
    }
}
