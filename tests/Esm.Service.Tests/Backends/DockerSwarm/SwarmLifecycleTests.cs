using System.Net;
using Esm.Client;
using Esm.Service.Tests.Backends.DockerCompose;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>Instances that really run as swarm stacks: provision, bind, update and deprovision through the OSB API against a real swarm.</summary>
public sealed class SwarmLifecycleTests : SwarmTestBase
{
    [Test]
    public async Task An_asynchronous_provision_runs_a_stack_whose_binding_credentials_work()
    {
        var id = NewId("instance");

        var accepted = await Api.Instances.ProvisionAsync(SwarmProvisionBody("swarm-web", "hello from the swarm"), id, accepts_incomplete: true);
        var outcome = await AwaitOperationAsync(id);
        var binding = await BindAsync(id, "swarm-web");

        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        Assert.That((outcome.State, outcome.Description), Is.EqualTo((LastOperationState.Succeeded, "web 1 of 1 tasks running.")));
        var uri = binding.Credentials!["uri"].GetString()!;
        var password = binding.Credentials["password"].GetString()!;
        Assert.That(uri, Does.StartWith($"http://admin:{password}@127.0.0.1:"), "the host is the address the node advertises to the swarm");
        Assert.That(await BoundWebServer.FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "hello from the swarm")), "the password reached the service as a swarm secret");
        Assert.That((await BoundWebServer.FetchAsync(uri, password: "wrong")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var endpoint = binding.Endpoints!.Single();
        Assert.That((endpoint.Host, endpoint.Ports.Single()), Is.EqualTo(("127.0.0.1", new Uri(uri).Port.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var stack = await StackOfAsync(id);
        var services = await DockerSwarm.LabelledAsync("service", $"com.docker.stack.namespace={stack}");
        Assert.That(await DockerEngine.RunAsync(["service", "inspect", .. services]), Does.Not.Contain(password), "the password is in no service definition");
    }

    [Test]
    public async Task A_blocking_plan_provisions_within_the_request()
    {
        var id = NewId("instance");

        var created = await Api.Instances.ProvisionAsync(SwarmProvisionBody("swarm-web-sync"), id);
        var binding = await BindAsync(id, "swarm-web-sync");

        Assert.That(created.StatusCode, Is.EqualTo(201));
        Assert.That(await BoundWebServer.FetchAsync(binding.Credentials!["uri"].GetString()!), Is.EqualTo((HttpStatusCode.OK, "hello")));
    }

    [Test]
    public async Task Values_reach_the_service_exactly_as_sent_though_the_broker_fills_them_in()
    {
        const string tricky = "it's \"quoted\" $HOME ${password} $$ \\ # not a comment\nsecond line";
        var (id, _) = await ProvisionAsync("swarm-web-sync", tricky);

        var binding = await BindAsync(id, "swarm-web-sync");

        Assert.That((await BoundWebServer.FetchAsync(binding.Credentials!["uri"].GetString()!)).Body, Is.EqualTo(tricky));
    }

    [Test]
    public async Task An_update_changes_the_service_and_keeps_the_bound_port()
    {
        var (id, _) = await ProvisionAsync("swarm-web-sync");
        var uri = (await BindAsync(id, "swarm-web-sync")).Credentials!["uri"].GetString()!;

        var updated = await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Parameters = Parameters(("greeting", "changed")) }, id);

        Assert.That(updated.StatusCode, Is.EqualTo(200));
        Assert.That(await BoundWebServer.FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "changed")), "the binding handed out before the update still works");
    }

    [Test]
    public async Task Secrets_rotate_on_an_update_that_asks_and_only_then()
    {
        var (id, _) = await ProvisionAsync("swarm-web-sync", "rotated");
        var before = await BindAsync(id, "swarm-web-sync");
        var stack = await StackOfAsync(id);

        await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Parameters = Parameters(("greeting", "rotated")) }, id);
        var unchanged = await BindAsync(id, "swarm-web-sync");
        await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Parameters = Parameters(("greeting", "rotated"), ("rotate_secrets", true)) }, id);
        var after = await BindAsync(id, "swarm-web-sync");

        var oldPassword = before.Credentials!["password"].GetString()!;
        var newPassword = after.Credentials!["password"].GetString()!;
        Assert.That(unchanged.Credentials!["password"].GetString(), Is.EqualTo(oldPassword), "an update that does not ask keeps the secrets");
        Assert.That(newPassword, Is.Not.EqualTo(oldPassword).And.Length.EqualTo(32));
        Assert.That(await BoundWebServer.FetchAsync(after.Credentials["uri"].GetString()!), Is.EqualTo((HttpStatusCode.OK, "rotated")));
        Assert.That((await BoundWebServer.FetchAsync(after.Credentials["uri"].GetString()!, oldPassword)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var secrets = await DockerEngine.RunAsync("secret", "ls", "--filter", $"label=com.docker.stack.namespace={stack}", "--format", "{{.Name}}");
        Assert.That(secrets.Trim(), Is.EqualTo($"{stack}_password_2"), "the earlier generation is removed once no service mounts it");
    }

    [Test]
    public async Task A_plan_change_deploys_the_other_file()
    {
        var (id, _) = await ProvisionAsync("swarm-web-sync", "swapped");
        var uri = (await BindAsync(id, "swarm-web-sync")).Credentials!["uri"].GetString()!;

        var accepted = await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Plan_id = "swarm-web-b" }, id, accepts_incomplete: true);
        var outcome = await AwaitOperationAsync(id);

        Assert.That((accepted.StatusCode, outcome.State), Is.EqualTo((202, LastOperationState.Succeeded)));
        Assert.That(await BoundWebServer.FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "plan b: swapped")));
    }

    [Test]
    public async Task A_failed_update_deploys_the_previous_configuration_again()
    {
        var (id, _) = await ProvisionAsync("swarm-web-sync", "still here");
        var uri = (await BindAsync(id, "swarm-web-sync")).Credentials!["uri"].GetString()!;

        await Api.Instances.UpdateAsync(new ServiceInstanceUpdateRequest { Service_id = Service, Plan_id = "swarm-crash" }, id, accepts_incomplete: true);
        var outcome = await AwaitOperationAsync(id);

        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Instance_usable, Is.True, outcome.Description);
        Assert.That(outcome.Description, Does.Contain("previous configuration runs again").And.Contain("failed 3 times").And.Contain("boom"));
        Assert.That(await BoundWebServer.FetchAsync(uri), Is.EqualTo((HttpStatusCode.OK, "still here")));
    }

    [Test]
    public async Task A_task_that_keeps_failing_fails_the_provision_with_its_error_and_last_logs()
    {
        var (id, outcome) = await ProvisionAsync("swarm-crash");

        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Description, Does.StartWith("Service 'app' failed 3 times since the deploy began; the last: task: non-zero exit (3).").And.Contain("boom: no configuration"));

        var removed = await Api.Instances.DeprovisionAsync(Service, "swarm-crash", id, accepts_incomplete: true);
        Assert.That(removed.StatusCode, Is.EqualTo(202), "the Platform's orphan mitigation");
    }

    [Test]
    public async Task Deprovisioning_leaves_no_service_container_network_volume_or_secret()
    {
        var (id, _) = await ProvisionAsync("swarm-web");
        var stack = await StackOfAsync(id);
        Assert.That(await DockerSwarm.ResourceCountAsync(stack), Is.EqualTo(5), "a service, its task's container, the default network, the data volume and the password");

        var accepted = await Api.Instances.DeprovisionAsync(Service, "swarm-web", id, accepts_incomplete: true);
        await AwaitGoneAsync(id);

        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        Assert.That(await DockerSwarm.ResourceCountAsync(stack), Is.Zero);
    }

    [Test]
    public async Task The_live_view_shows_each_service_and_its_tasks_and_never_a_secret()
    {
        var (id, _) = await ProvisionAsync("swarm-web-sync");
        var password = (await BindAsync(id, "swarm-web-sync")).Credentials!["password"].GetString()!;

        var live = (await Operator.OperatorInstances.GetInstanceDetailAsync(id)).Result.Live!;
        var raw = await Operator.Http.GetStringAsync($"/v2/et/service_instances/{id}");

        var web = live["services"].GetProperty("web");
        var task = web.GetProperty("tasks")[0];
        Assert.That(live["backend"].GetString(), Is.EqualTo("docker-swarm"));
        Assert.That((web.GetProperty("running").GetInt32(), web.GetProperty("desired").GetInt32()), Is.EqualTo((1, 1)));
        Assert.That((task.GetProperty("state").GetString(), task.GetProperty("node").GetString()), Is.EqualTo(("running", "127.0.0.1")));
        Assert.That(task.GetProperty("ports")[0].GetString(), Does.Match(@"^\d+->8080/tcp$"));
        Assert.That(raw, Does.Not.Contain(password));
    }

    private async Task AwaitGoneAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await Api.Instances.GetInstanceLastOperationAsync(id);
            }
            catch (BrokerApiException e) when (e.StatusCode == 410)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the deprovision did not finish within 60 s");
    }
}
