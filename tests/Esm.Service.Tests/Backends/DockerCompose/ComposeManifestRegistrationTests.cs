using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>The manifest policy where an operator meets it: registering a manifest (no engine needed).</summary>
public sealed class ComposeManifestRegistrationTests : BrokerTestBase
{
    [TestCase("services:\n  app: {image: x, privileged: true}", "services.app.privileged")]
    [TestCase("services:\n  app: {image: x, volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]}", "services.app.volumes[0]")]
    [TestCase("x-a: &a {image: x, network_mode: host}\nservices:\n  app: {<<: *a}", "services.app.network_mode")]
    [TestCase("services: [", "not valid YAML")]
    [TestCase("services:\n  app:\n    image: x\n    \"<<\": {privileged: true}", "services.app.<<: refused")]
    [TestCase("services:\n  app: {image: x, logging: {driver: syslog, options: {syslog-address: \"tcp://127.0.0.1:514\"}}, network_mode: none}", "services.app.logging.driver")]
    [TestCase("services:\n  app: {image: x, volumes: [\"data:/data\"]}\nvolumes:\n  data: {driver_opts: {type: overlay, o: \"lowerdir=/etc\"}}", "volumes.data.driver_opts")]
    [TestCase("services:\n  app: {image: x, ports: [\"0.0.0.0:8080:80\"]}", "services.app.ports[0]")]
    public async Task A_manifest_the_policy_refuses_is_400_with_the_reason(string compose, string reason)
    {
        var service = NewId("svc");
        var plan = NewId("plan");
        await Operator.Http.PutAsJsonAsync("/v2/et/catalog", new JsonObject
        {
            ["id"] = service,
            ["name"] = service,
            ["description"] = "d",
            ["bindable"] = true,
            ["plans"] = new JsonArray(new JsonObject { ["id"] = plan, ["name"] = "p", ["description"] = "d" }),
        });

        var response = await Operator.Http.PutAsJsonAsync($"/v2/et/manifest/{NewId("m")}", new JsonObject
        {
            ["service_id"] = service,
            ["plan_id"] = plan,
            ["manifest_type"] = "docker-compose",
            ["manifest_content"] = compose,
        });
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!["description"]!.GetValue<string>(), Does.Contain(reason));
    }

    /// <summary>A manifest's content inline in a service type (as esm catalog apply sends it) meets the same policy.</summary>
    [TestCase("services:\n  app: {image: x, privileged: true}", "services.app.privileged")]
    [TestCase("services:\n  app: {image: x, ports: [\"0.0.0.0:8080:80\"]}", "services.app.ports[0]")]
    public async Task An_inline_manifest_the_policy_refuses_is_400_and_registers_nothing(string compose, string reason)
    {
        var service = NewId("svc");
        var response = await Operator.Http.PutAsJsonAsync("/v2/et/catalog", new JsonObject
        {
            ["id"] = service,
            ["name"] = service,
            ["description"] = "d",
            ["bindable"] = true,
            ["plans"] = new JsonArray(new JsonObject
            {
                ["id"] = NewId("plan"),
                ["name"] = "p",
                ["description"] = "d",
                ["manifest"] = new JsonObject { ["type"] = "docker-compose", ["content"] = compose },
            }),
        });
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!["description"]!.GetValue<string>(), Does.Contain(reason));
        Assert.That((await Operator.OperatorCatalog.ListServiceTypesAsync()).Result.Select(type => type.Id), Does.Not.Contain(service));
    }
}
