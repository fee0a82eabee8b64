using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Cli;

/// <summary>The esm command line, run as a process, against a real broker process.</summary>
public sealed class EsmCommandLineTests
{
    private BrokerProcess _broker = null!;
    private HttpClient _platform = null!;

    private Uri Broker => _broker.Address;

    [OneTimeSetUp]
    public async Task StartBroker()
    {
        _broker = await BrokerProcess.StartAsync();
        _platform = BrokerHttpClient.Create(_broker.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword);
    }

    [OneTimeTearDown]
    public async Task StopBroker()
    {
        _platform.Dispose();
        await _broker.DisposeAsync();
    }

    [Test]
    public async Task Status_shows_every_instance_with_its_state_last_operation_and_progress()
    {
        var done = NewId("done");
        var slow = NewId("slow");
        var failed = NewId("failed");
        await ProvisionAsync(done, TestPlans.Sync);
        await ProvisionAsync(slow, TestPlans.Slow);
        await ProvisionAsync(failed, TestPlans.FailProvision);

        var watched = await EsmCommand.RunAsync(Broker, "watch", failed, "--interval", "0.1");
        Assert.That(watched.ExitCode, Is.EqualTo(1), watched.ToString());
        Assert.That(watched.Output, Does.Contain("provision failed: The plan is configured to fail on provision."), watched.ToString());

        var status = await EsmCommand.RunAsync(Broker, "status");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.ToString());
        Assert.That(LineOf(status.Output, done), Does.Contain("test-service").And.Contain("ready").And.Contain("provision succeeded"));
        Assert.That(LineOf(status.Output, slow), Does.Contain("provisioning").And.Contain("provision in progress").And.Match(@"Provision in progress: step \d+ of 30\."));
        Assert.That(LineOf(status.Output, failed), Does.Contain("provision_failed").And.Contain("provision failed").And.Contain("configured to fail"));

        // Pages of one instance: every page is fetched and each instance appears once.
        var json = await EsmCommand.RunAsync(Broker, "status", "--json", "--page-size", "1");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        var instances = JsonNode.Parse(json.Output)!.AsArray();
        var states = instances.ToDictionary(i => (string)i!["instance_id"]!, i => (string)i!["last_operation"]!["state"]!);
        Assert.That(states, Does.ContainKey(done).WithValue("succeeded"));
        Assert.That(states, Does.ContainKey(slow).WithValue("in progress"));
        Assert.That(states, Does.ContainKey(failed).WithValue("failed"));
        Assert.That(instances, Has.Count.EqualTo(states.Count), "no instance twice across pages");
    }

    [Test]
    public async Task Watch_follows_the_latest_operation_until_it_succeeds_one_json_line_per_change()
    {
        var id = NewId("watched");
        await ProvisionAsync(id, TestPlans.Interruptible);

        var watched = await EsmCommand.RunAsync(Broker, "watch", id, "--json", "--interval", "0.1");

        Assert.That(watched.ExitCode, Is.EqualTo(0), watched.ToString());
        var lines = watched.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.That(lines.Select(line => (string)line["instance_id"]!), Is.All.EqualTo(id));
        Assert.That(lines.Select(line => (string)line["operation"]!["kind"]!), Is.All.EqualTo("provision"));
        Assert.That((string)lines[^1]["operation"]!["state"]!, Is.EqualTo("succeeded"));
        Assert.That(lines.Select(line => line.ToJsonString()), Is.Unique, "a line only when something changed");
    }

    [Test]
    public async Task Watch_says_when_a_deprovision_left_the_instance_gone()
    {
        var id = NewId("gone");
        await ProvisionAsync(id, TestPlans.Interruptible);
        Assert.That((await EsmCommand.RunAsync(Broker, "watch", id, "--interval", "0.1")).ExitCode, Is.EqualTo(0));
        await new ServiceInstancesClient(_platform).DeprovisionAsync(TestPlans.Service, TestPlans.Interruptible, id, accepts_incomplete: true);

        var watched = await EsmCommand.RunAsync(Broker, "watch", id, "--interval", "0.1");

        Assert.That(watched.ExitCode, Is.EqualTo(0), watched.ToString());
        Assert.That(watched.Output, Does.Contain("deprovision").And.Contain(id), watched.ToString());
    }

    [Test]
    public async Task Show_lists_the_operations_and_bindings_but_never_credentials()
    {
        var id = NewId("shown");
        await ProvisionAsync(id, TestPlans.Sync);
        var bound = await new ServiceBindingsClient(_platform).BindAsync(new ServiceBindingRequest { Service_id = TestPlans.Service, Plan_id = TestPlans.Sync }, id, "b1");
        var password = bound.Result.Credentials!["password"].ToString();

        var shown = await EsmCommand.RunAsync(Broker, "show", id);
        Assert.That(shown.ExitCode, Is.EqualTo(0), shown.ToString());
        Assert.That(shown.Output, Does.Contain(id).And.Contain("provision").And.Contain("b1").And.Contain("bind succeeded"));
        Assert.That(shown.Output, Does.Not.Contain(password));

        var json = await EsmCommand.RunAsync(Broker, "show", id, "--json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        var detail = JsonNode.Parse(json.Output)!;
        Assert.That((string)detail["bindings"]![0]!["binding_id"]!, Is.EqualTo("b1"));
        Assert.That(json.Output, Does.Not.Contain(password).And.Not.Contain("credentials"));
    }

    [Test]
    public async Task Recreate_starts_an_operation_and_waits_for_it_when_asked()
    {
        var id = NewId("recreated");
        await ProvisionAsync(id, TestPlans.Sync);

        var waited = await EsmCommand.RunAsync(Broker, "recreate", id, "--wait", "--interval", "0.1");
        Assert.That(waited.ExitCode, Is.EqualTo(0), waited.ToString());
        Assert.That(waited.Output, Does.Contain("recreate succeeded"));

        var started = await EsmCommand.RunAsync(Broker, "recreate", id, "--json");
        Assert.That(started.ExitCode, Is.EqualTo(0), started.ToString());
        Assert.That((string)JsonNode.Parse(started.Output)!["operation"]!, Does.StartWith("op-"));
    }

    [Test]
    public async Task Catalog_apply_registers_a_folder_with_its_manifest_files_and_remove_takes_it_away()
    {
        var serviceId = NewId("cli-service");
        using var folder = new TemporaryDirectory();
        var offering = Directory.CreateDirectory(Path.Combine(folder.Path, "offering")).FullName;
        await File.WriteAllTextAsync(Path.Combine(offering, "service.yaml"), $"""
            id: {serviceId}
            name: {serviceId}
            description: Applied by esm.
            bindable: true
            plans:
              - id: {serviceId}-plan
                name: basic
                description: A dummy plan.
                maximum_polling_duration: 600
                manifest:
                  type: dummy
                  file: manifest.txt
            """);
        await File.WriteAllTextAsync(Path.Combine(offering, "manifest.txt"), "read from the folder\n");

        var applied = await EsmCommand.RunAsync(Broker, "catalog", "apply", folder.Path);
        Assert.That(applied.ExitCode, Is.EqualTo(0), applied.ToString());
        Assert.That(applied.Output, Does.Contain($"registered {serviceId}"));
        var again = await EsmCommand.RunAsync(Broker, "catalog", "apply", offering);
        Assert.That(again.Output, Does.Contain($"replaced {serviceId}"), again.ToString());

        var listed = JsonNode.Parse((await EsmCommand.RunAsync(Broker, "catalog", "list", "--json")).Output)!.AsArray();
        Assert.That(listed.Single(s => (string)s!["id"]! == serviceId)!["origin"]!.GetValue<string>(), Is.EqualTo("operator-api"));
        var manifests = JsonNode.Parse((await EsmCommand.RunAsync(Broker, "manifests", "--json")).Output)!.AsArray();
        Assert.That((string)manifests.Single(m => (string)m!["service_id"]! == serviceId)!["manifest_content"]!, Is.EqualTo("read from the folder\n"));
        Assert.That((await EsmCommand.RunAsync(Broker, "manifests")).Output, Does.Contain(serviceId).And.Contain("basic").And.Contain("dummy"));

        var removed = await EsmCommand.RunAsync(Broker, "catalog", "remove", serviceId);
        Assert.That(removed.ExitCode, Is.EqualTo(0), removed.ToString());
        Assert.That((await EsmCommand.RunAsync(Broker, "catalog", "list")).Output, Does.Not.Contain(serviceId));
    }

    [Test]
    public async Task Catalog_apply_refuses_a_manifest_file_outside_the_offering_folder()
    {
        using var folder = new TemporaryDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "service.yaml"), """
            id: escaping
            name: escaping
            description: Names a file elsewhere.
            bindable: false
            plans:
              - {id: escaping-plan, name: p, description: d, manifest: {type: dummy, file: ../../../../etc/hostname}}
            """);

        var applied = await EsmCommand.RunAsync(Broker, "catalog", "apply", folder.Path);

        Assert.That(applied.ExitCode, Is.EqualTo(2), applied.ToString());
        Assert.That(applied.Error, Does.Contain("is not a file in"));
        Assert.That((await EsmCommand.RunAsync(Broker, "catalog", "list")).Output, Does.Not.Contain("escaping"));
    }

    [Test]
    public async Task Failures_are_one_line_on_standard_error_and_a_non_zero_exit_code()
    {
        var unknown = await EsmCommand.RunAsync(Broker, "show", "no-such-instance");
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Error, Does.Contain("HTTP 404").And.Contain("no-such-instance"));
        Assert.That(unknown.Output, Is.Empty);

        var platform = await EsmCommand.RunAsync(Broker, ["status"], new Dictionary<string, string?>
        {
            ["ESM_ADMIN_USERNAME"] = BrokerFactory.PlatformUser,
            ["ESM_ADMIN_PASSWORD"] = BrokerFactory.PlatformPassword,
        });
        Assert.That(platform.ExitCode, Is.EqualTo(1));
        Assert.That(platform.Error, Does.Contain("HTTP 403"));

        var anonymous = await EsmCommand.RunAsync(Broker, ["status"], new Dictionary<string, string?> { ["ESM_ADMIN_PASSWORD"] = null });
        Assert.That(anonymous.ExitCode, Is.EqualTo(2));
        Assert.That(anonymous.Error, Does.Contain("ESM_ADMIN_PASSWORD"));

        var unreachable = await EsmCommand.RunAsync(Broker, "status", "--url", $"http://127.0.0.1:{LoopbackPort.Unused()}");
        Assert.That(unreachable.ExitCode, Is.EqualTo(1));
        Assert.That(unreachable.Error, Does.Contain("cannot reach the broker"));
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string LineOf(string table, string instanceId) =>
        table.Split('\n').SingleOrDefault(line => line.Contains(instanceId, StringComparison.Ordinal))
        ?? throw new AssertionException($"no line for {instanceId} in:\n{table}");

    private async Task ProvisionAsync(string id, string plan) =>
        await new ServiceInstancesClient(_platform).ProvisionAsync(BrokerTestBase.ProvisionBody(plan), id, accepts_incomplete: true);
}
