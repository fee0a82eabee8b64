using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Backends.DockerCompose;
using Esm.Service.Failures;
using Esm.Service.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>A plan's config, templates and start evaluation, without an engine.</summary>
public sealed class ComposePlanTests
{
    private const string Web = """
        services:
          web:
            image: esm-test/busybox:1
            ports: ["8080"]
          setup:
            image: esm-test/busybox:1
          extra:
            image: esm-test/busybox:1
            profiles: [debug]
        """;

    private static DockerComposeBackend Backend(string allow = "")
    {
        var options = Options.Create(new DockerComposeOptions { Allow = allow });
        var engine = new ComposeEngine(new DockerCli(options, NullLogger<DockerCli>.Instance), options, NullLogger<ComposeEngine>.Instance);
        return new DockerComposeBackend(engine, options, TimeProvider.System, NullLogger<DockerComposeBackend>.Instance);
    }

    private static PlanManifest Manifest(string compose, JsonObject? config = null, JsonObject? endpoints = null) => new()
    {
        ManifestId = "m",
        ServiceId = "s",
        PlanId = "p",
        ManifestType = DockerComposeBackend.Type,
        ManifestContent = compose,
        Config = config ?? [],
        Endpoints = endpoints,
    };

    [Test]
    public void Plans_are_deferred_unless_blocking_and_bindings_are_always_immediate()
    {
        var backend = Backend();
        var deferred = Manifest(Web);
        var blocking = Manifest(Web, new JsonObject { ["blocking"] = true });

        Assert.That(backend.ModeOf(OperationKind.Provision, deferred), Is.EqualTo(ExecutionMode.Deferred));
        Assert.That(backend.ModeOf(OperationKind.Deprovision, deferred), Is.EqualTo(ExecutionMode.Deferred));
        Assert.That(backend.ModeOf(OperationKind.Provision, blocking), Is.EqualTo(ExecutionMode.Blocking));
        Assert.That(backend.ModeOf(OperationKind.Update, blocking), Is.EqualTo(ExecutionMode.Blocking));
        Assert.That(backend.ModeOf(OperationKind.Bind, deferred), Is.EqualTo(ExecutionMode.Blocking));
    }

    [Test]
    public void The_operator_can_allow_a_policy_exception()
    {
        var privileged = Manifest("services:\n  app: {image: x, privileged: true}");

        Assert.That(Backend().ValidateManifest(privileged).Any, Is.True);
        Assert.That(Backend("privileged, cap_add").ValidateManifest(privileged).Any, Is.False);
    }

    [Test]
    public void An_unknown_policy_exception_stops_the_start() =>
        Assert.That(new DockerComposeOptions { Allow = "privileged,everything" }.Problems(), Has.Some.Contain("'everything' is not a policy exception"));

    [TestCase("""{"parameters": ["a"]}""", "config.parameters: must be a mapping")]
    [TestCase("""{"parameters": {"my-var": 1}}""", "'my-var' is not a variable name")]
    [TestCase("""{"parameters": {"COMPOSE_PROFILES": "x"}}""", "would configure compose itself")]
    [TestCase("""{"parameters": {"host": "x"}}""", "reserved for the advertised host")]
    [TestCase("""{"parameters": {"password": "x"}}""", "also a secret")]
    [TestCase("""{"secrets": "password"}""", "config.secrets: must be a list")]
    [TestCase("""{"secrets": ["DOCKER_HOST"]}""", "would configure compose itself")]
    [TestCase("""{"credentials": "uri"}""", "config.credentials: must be a mapping")]
    [TestCase("""{"blocking": "yes"}""", "config.blocking: must be true or false")]
    [TestCase("""{"credentials": {"uri": "${port:nope:80}"}}""", "names no service")]
    [TestCase("""{"credentials": {"uri": "${port:web:99999}"}}""", "is not a port")]
    [TestCase("""{"credentials": {"uri": "${a-b}"}}""", "is not ${host}")]
    [TestCase("""{"credentials": {"uri": "redis://${host"}}""", "does not close it")]
    public void A_wrong_config_is_refused_with_the_reason(string config, string reason) =>
        Assert.That(Backend().ValidateManifest(Manifest(Web, JsonNode.Parse(config)!.AsObject())).ToString(), Does.Contain(reason));

    [Test]
    public void Endpoints_must_be_OSB_endpoints()
    {
        var endpoints = new JsonObject { ["web"] = new JsonObject { ["host"] = "${host}", ["ports"] = "8080" } };

        var message = Backend().ValidateManifest(Manifest(Web, endpoints: endpoints)).ToString();

        Assert.That(message, Does.Contain("endpoints.web: must be an endpoint"));
    }

    [Test]
    public void Templates_are_filled_from_the_host_the_published_ports_and_the_variables()
    {
        var template = JsonNode.Parse("""{"uri": "redis://:${password}@${host}:${port:redis:6379}", "cost": "$$5", "tls": false, "hosts": ["${host}"]}""");
        string Resolve(TemplatePlaceholder p) => p.IsHost ? "db.example" : p.IsPort ? $"{p.Service}/{p.Port}/{p.Protocol}" : $"<{p.Variable}>";

        var filled = ConnectionTemplate.Fill(template, Resolve)!;

        Assert.That(filled["uri"]!.GetValue<string>(), Is.EqualTo("redis://:<password>@db.example:redis/6379/tcp"));
        Assert.That(filled["cost"]!.GetValue<string>(), Is.EqualTo("$5"));
        Assert.That(filled["tls"]!.GetValue<bool>(), Is.False);
        Assert.That(filled["hosts"]![0]!.GetValue<string>(), Is.EqualTo("db.example"));
    }

    [Test]
    public void Variables_are_defaults_then_parameters_then_secrets()
    {
        var config = ComposePlanConfig.From(JsonNode.Parse("""{"parameters": {"greeting": "hello", "size": 1}}""")!.AsObject());
        var parameters = JsonNode.Parse("""{"size": 3, "tags": ["a"], "on": true}""")!.AsObject();

        var variables = InstanceVariables.Of(config, parameters, new Dictionary<string, string> { ["password"] = "s3cret" });

        Assert.That(variables, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["greeting"] = "hello",
            ["size"] = "3",
            ["tags"] = """["a"]""",
            ["on"] = "true",
            ["password"] = "s3cret",
        }));
    }

    [TestCase("password", "is a secret")]
    [TestCase("COMPOSE_FILE", "would configure compose itself")]
    [TestCase("a b", "is not a variable name")]
    public void A_parameter_that_cannot_be_a_variable_fails_the_operation(string name, string reason)
    {
        var parameters = new JsonObject { [name] = "x" };

        var failure = Assert.Throws<BackendException>(() => InstanceVariables.Of(ComposePlanConfig.From([]), parameters, new Dictionary<string, string> { ["password"] = "p" }));

        Assert.That(failure!.Message, Does.Contain(reason));
    }

    [Test]
    public void The_env_file_quotes_every_value()
    {
        var file = EnvFile.Render(new SortedDictionary<string, string> { ["a"] = "it's \"$HOME\" \\ # no comment\nnext", ["b"] = string.Empty });

        Assert.That(file, Is.EqualTo("a=\"it's \\\"\\$HOME\\\" \\\\ # no comment\\nnext\"\nb=\"\"\n"));
    }

    [Test]
    public void Start_progress_counts_services_that_run_and_are_healthy()
    {
        var manifest = ComposeManifest.Parse(Web, new HashSet<string>());
        var starting = StartupState.Of(manifest, [Container("web", "running", "starting"), Container("setup", "running")]);
        var ready = StartupState.Of(manifest, [Container("web", "running", "healthy"), Container("setup", "running")]);

        Assert.That(starting.Progress, Is.EqualTo("1 of 2 services running."));
        Assert.That(starting.IsReady, Is.False);
        Assert.That(starting.Waiting, Is.EqualTo(new[] { "web (running, health starting)" }));
        Assert.That(ready.IsReady, Is.True);
    }

    [TestCase("exited", null, 3, "exited with code 3")]
    [TestCase("exited", null, 0, "exited with code 0")]
    [TestCase("restarting", null, 1, "keeps restarting (last exit code 1)")]
    [TestCase("running", "unhealthy", 0, "is unhealthy")]
    public void A_container_that_stops_or_sickens_fails_the_start(string state, string? health, int exitCode, string reason)
    {
        var manifest = ComposeManifest.Parse(Web, new HashSet<string>());

        var start = StartupState.Of(manifest, [Container("web", state, health, exitCode), Container("setup", "running")]);

        Assert.That(start.FailureReason, Is.EqualTo($"Service 'web' {reason}."));
    }

    [Test]
    public void A_job_others_wait_for_succeeds_by_exiting_with_0()
    {
        const string compose = """
            services:
              migrate: {image: x}
              app:
                image: x
                depends_on: {migrate: {condition: service_completed_successfully}}
            """;
        var manifest = ComposeManifest.Parse(compose, new HashSet<string>());

        Assert.That(StartupState.Of(manifest, [Container("migrate", "exited"), Container("app", "running")]).IsReady, Is.True);
        Assert.That(StartupState.Of(manifest, [Container("migrate", "exited", exitCode: 2), Container("app", "created")]).FailureReason, Does.Contain("exited with code 2"));
    }

    private static ContainerStatus Container(string service, string state, string? health = null, int exitCode = 0) =>
        new($"id-{service}", $"p-{service}-1", service, false, "x", state, health, exitCode, []);
}
