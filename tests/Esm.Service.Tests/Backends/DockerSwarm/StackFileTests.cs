using Esm.Service.Backends.DockerCompose;
using Esm.Service.Backends.DockerCompose.Swarm;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>The file stack deploy gets for an instance, without an engine.</summary>
public sealed class StackFileTests
{
    private const string Compose = """
        services:
          web:
            image: esm-test/busybox:1
            command: ["httpd", "-f", "-p", "8080"]
            environment:
              GREETING: "${greeting:-hello} costs 5$$"
              PORT: "${port}"
            ports: ["8080", "9000:9090/udp"]
            deploy:
              labels: ["team=web"]
          worker:
            image: esm-test/busybox:1
            ports:
              - target: 7000
        volumes:
          data: {}
        networks:
          back: {}
        """;

    private static readonly SwarmStack Stack = new("esm-0123456789abcdef");

    private static readonly Dictionary<string, string> Labels = new() { ["esm.instance"] = "i-1", ["esm.broker"] = "b" };

    private static string Render(IEnumerable<string>? secrets = null, int generation = 1) =>
        StackFile.Render(ComposeManifest.Parse(Compose, new HashSet<string> { "host_ports" }), Stack, Labels, secrets ?? ["password"], generation);

    private static YamlMappingNode Service(string file, string name) =>
        (YamlMappingNode)((YamlMappingNode)ResolvedYaml.Load(file)["services"])[name];

    private static string? Text(YamlNode node, params string[] path) =>
        path.Aggregate<string, YamlNode?>(node, (n, key) => (n as YamlMappingNode)?.Children.TryGetValue(new YamlScalarNode(key), out var child) == true ? child : null)
            is YamlScalarNode scalar ? scalar.Value : null;

    [Test]
    public void Every_service_volume_and_network_carries_the_instance_labels()
    {
        var root = ResolvedYaml.Load(Render());

        var webLabels = (YamlSequenceNode)Service(Render(), "web")["deploy"]["labels"];
        Assert.That(webLabels.Children.Select(l => ((YamlScalarNode)l).Value), Is.EquivalentTo(new[] { "team=web", "esm.instance=i-1", "esm.broker=b" }));
        Assert.That(Text(Service(Render(), "worker"), "deploy", "labels", "esm.instance"), Is.EqualTo("i-1"));
        Assert.That(Text(root, "volumes", "data", "labels", "esm.instance"), Is.EqualTo("i-1"));
        Assert.That(Text(root, "networks", "back", "labels", "esm.broker"), Is.EqualTo("b"));
        Assert.That(Text(root, "networks", "default", "labels", "esm.instance"), Is.EqualTo("i-1"), "the network swarm makes for services that name none");
    }

    [Test]
    public void Ports_are_published_in_host_mode_keeping_fixed_numbers()
    {
        var ports = ((YamlSequenceNode)Service(Render(), "web")["ports"]).Children.Cast<YamlMappingNode>().ToList();

        Assert.That(ports, Has.Count.EqualTo(2));
        Assert.That(Text(ports[0], "target"), Is.EqualTo("8080"));
        Assert.That(Text(ports[0], "mode"), Is.EqualTo("host"));
        Assert.That(Text(ports[0], "published"), Is.Null);
        Assert.That(Text(ports[1], "published"), Is.EqualTo("9000"));
        Assert.That(Text(ports[1], "protocol"), Is.EqualTo("udp"));
        Assert.That(Text(Service(Render(), "worker"), "ports"), Is.Null);
        Assert.That(Text((YamlMappingNode)((YamlSequenceNode)Service(Render(), "worker")["ports"]).Children[0], "mode"), Is.EqualTo("host"));
    }

    [Test]
    public void Secrets_are_external_swarm_secrets_of_the_generation_mounted_by_name_and_their_values_never_appear()
    {
        var rendered = Render(["password", "token"], generation: 3);
        var root = ResolvedYaml.Load(rendered);

        Assert.That(Text(root, "secrets", "esm_secret_password", "external"), Is.EqualTo("true"));
        Assert.That(Text(root, "secrets", "esm_secret_password", "name"), Is.EqualTo("esm-0123456789abcdef_password_3"));
        Assert.That(Text(root, "secrets", "esm_secret_token", "name"), Is.EqualTo("esm-0123456789abcdef_token_3"));
        foreach (var service in new[] { "web", "worker" })
        {
            var mounts = ((YamlSequenceNode)Service(rendered, service)["secrets"]).Children.Cast<YamlMappingNode>()
                .Select(m => (Text(m, "source"), Text(m, "target")));
            Assert.That(mounts, Is.EquivalentTo(new[] { ("esm_secret_password", "password"), ("esm_secret_token", "token") }), service);
        }

        Assert.That(rendered, Does.Contain("${greeting:-hello}"), "rendering keeps the variables for a later deploy");
    }

    [Test]
    public void No_secret_no_secrets_section()
    {
        var root = ResolvedYaml.Load(Render([]));

        Assert.That(root.Children.ContainsKey(new YamlScalarNode("secrets")), Is.False);
        Assert.That(Service(Render([]), "web").Children.ContainsKey(new YamlScalarNode("secrets")), Is.False);
    }

    [Test]
    public void Deployable_pins_ports_without_a_number_and_substitutes_variables_as_quoted_text()
    {
        var pins = PinnedPorts.Of([("web", (IReadOnlyList<PublishedPort>)[new PublishedPort(8080, "tcp", "0.0.0.0", 31000)])]);
        var variables = new Dictionary<string, string> { ["port"] = "8080", ["greeting"] = "hi $USER" };

        var deployable = StackFile.Deployable(Render(), pins, variables);
        var web = Service(deployable, "web");
        var ports = ((YamlSequenceNode)web["ports"]).Children.Cast<YamlMappingNode>().ToList();

        Assert.That(Text(ports[0], "published"), Is.EqualTo("31000"));
        Assert.That(Text(ports[1], "published"), Is.EqualTo("9000"), "a fixed number stays");
        Assert.That(Text(web, "environment", "GREETING"), Is.EqualTo("hi $$USER costs 5$$"), "literal $ escaped for stack deploy's own pass");
        Assert.That(Text(web, "environment", "PORT"), Is.EqualTo("8080"));
        Assert.That(deployable, Does.Contain("PORT: \"8080\""), "a substituted number stays text");
    }

    [Test]
    public void Deployable_refuses_a_required_variable_that_is_missing()
    {
        var compose = "services:\n  web:\n    image: esm-test/busybox:1\n    environment: [\"A=${a:?needs a}\"]\n";
        var rendered = StackFile.Render(ComposeManifest.Parse(compose, new HashSet<string>()), Stack, Labels, [], 1);

        Assert.That(
            () => StackFile.Deployable(rendered, PinnedPorts.FromState(null), new Dictionary<string, string>()),
            Throws.TypeOf<InvalidManifestException>().With.Message.Contains("needs a"));
    }
}
