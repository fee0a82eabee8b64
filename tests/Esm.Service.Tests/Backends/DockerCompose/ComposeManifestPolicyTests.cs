using Esm.Service.Backends.DockerCompose;
using Esm.Service.Backends.DockerCompose.Policy;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>The manifest policy, on compose files alone: no engine needed.</summary>
public sealed class ComposeManifestPolicyTests
{
    private static readonly IReadOnlySet<string> Nothing = new HashSet<string>();

    private static string Refusal(string compose, IReadOnlySet<string>? allowed = null) =>
        Assert.Throws<InvalidManifestException>(() => ComposeManifest.Parse(compose, allowed ?? Nothing))!.Message;

    private static string Service(string lines) =>
        "services:\n  app:\n    image: esm-test/busybox:1\n" + string.Join('\n', lines.Split('\n').Select(l => "    " + l)) + "\n";

    [TestCase("privileged: true", "services.app.privileged", ComposeAllowlist.Privileged)]
    [TestCase("privileged: \"true\"", "services.app.privileged", ComposeAllowlist.Privileged)]
    [TestCase("privileged: yes", "services.app.privileged", ComposeAllowlist.Privileged)]
    [TestCase("privileged: !!bool true", "services.app.privileged", ComposeAllowlist.Privileged)]
    [TestCase("use_api_socket: true", "services.app.use_api_socket", ComposeAllowlist.Privileged)]
    [TestCase("cap_add: [SYS_ADMIN]", "services.app.cap_add", ComposeAllowlist.CapAdd)]
    [TestCase("devices: [\"/dev/sda:/dev/sda\"]", "services.app.devices", ComposeAllowlist.Devices)]
    [TestCase("device_cgroup_rules: [\"c 1:3 mr\"]", "services.app.device_cgroup_rules", ComposeAllowlist.Devices)]
    [TestCase("gpus: all", "services.app.gpus", ComposeAllowlist.Devices)]
    [TestCase("deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}", "reservations.devices", ComposeAllowlist.Devices)]
    [TestCase("security_opt: [\"seccomp:unconfined\"]", "services.app.security_opt", ComposeAllowlist.SecurityOpt)]
    [TestCase("network_mode: host", "services.app.network_mode", ComposeAllowlist.NetworkMode)]
    [TestCase("network_mode: bridge", "services.app.network_mode", ComposeAllowlist.NetworkMode)]
    [TestCase("network_mode: \"container:other\"", "services.app.network_mode", ComposeAllowlist.NetworkMode)]
    [TestCase("pid: host", "services.app.pid", ComposeAllowlist.Pid)]
    [TestCase("pid: \"container:other\"", "services.app.pid", ComposeAllowlist.Pid)]
    [TestCase("ipc: host", "services.app.ipc", ComposeAllowlist.Ipc)]
    [TestCase("uts: host", "services.app.uts", ComposeAllowlist.Uts)]
    [TestCase("userns_mode: host", "services.app.userns_mode", ComposeAllowlist.UsernsMode)]
    [TestCase("cgroup: host", "services.app.cgroup", ComposeAllowlist.Cgroup)]
    [TestCase("volumes: [\"/etc:/host-etc\"]", "services.app.volumes[0]", ComposeAllowlist.BindMounts)]
    [TestCase("volumes: [\"./data:/data\"]", "services.app.volumes[0]", ComposeAllowlist.BindMounts)]
    [TestCase("volumes: [\"~/data:/data:ro\"]", "services.app.volumes[0]", ComposeAllowlist.BindMounts)]
    [TestCase("volumes: [{type: bind, source: /, target: /host}]", "services.app.volumes[0].type", ComposeAllowlist.BindMounts)]
    [TestCase("volumes: [{type: volume, source: /var/lib, target: /data}]", "services.app.volumes[0].source", ComposeAllowlist.BindMounts)]
    [TestCase("volumes: [{type: volume, source: data, target: /data, bind: {propagation: shared}}]", "services.app.volumes[0].bind", ComposeAllowlist.BindMounts)]
    [TestCase("cgroup_parent: /system.slice", "services.app.cgroup_parent", ComposeAllowlist.KernelSettings)]
    [TestCase("sysctls: {net.core.somaxconn: 1024}", "services.app.sysctls", ComposeAllowlist.KernelSettings)]
    [TestCase("ulimits: {nofile: 1048576}", "services.app.ulimits", ComposeAllowlist.KernelSettings)]
    [TestCase("oom_score_adj: -1000", "services.app.oom_score_adj", ComposeAllowlist.KernelSettings)]
    [TestCase("storage_opt: {size: 1G}", "services.app.storage_opt", ComposeAllowlist.KernelSettings)]
    [TestCase("runtime: runc", "services.app.runtime", ComposeAllowlist.Runtime)]
    [TestCase("isolation: process", "services.app.isolation", ComposeAllowlist.Runtime)]
    [TestCase("logging: {driver: syslog, options: {syslog-address: \"tcp://127.0.0.1:514\"}}", "services.app.logging.driver", ComposeAllowlist.Logging)]
    [TestCase("logging: {options: {syslog-address: \"tcp://127.0.0.1:514\"}}", "services.app.logging.options.syslog-address", ComposeAllowlist.Logging)]
    [TestCase("ports: [\"9000:80\"]", "services.app.ports[0]", ComposeAllowlist.HostPorts)]
    [TestCase("ports: [{target: 80, published: 9000}]", "services.app.ports[0].published", ComposeAllowlist.HostPorts)]
    [TestCase("pull_policy: build", "services.app.pull_policy", ComposeAllowlist.Build)]
    [TestCase("post_start: [{command: id, privileged: true}]", "services.app.post_start", ComposeAllowlist.LifecycleHooks)]
    [TestCase("env_file: [/etc/environment]", "services.app.env_file", ComposeAllowlist.BindMounts)]
    [TestCase("build: .", "services.app.build", ComposeAllowlist.Build)]
    [TestCase("volumes_from: [\"container:other\"]", "services.app.volumes_from", ComposeAllowlist.External)]
    [TestCase("external_links: [other]", "services.app.external_links", ComposeAllowlist.External)]
    public void A_service_asking_for_the_host_is_refused_unless_allowed(string setting, string path, string exception)
    {
        var compose = Service(setting);

        var message = Refusal(compose);

        Assert.That(message, Does.Contain(path).And.Contain($"ESM_COMPOSE_ALLOW={exception}"));
        Assert.DoesNotThrow(() => ComposeManifest.Parse(compose, new HashSet<string> { exception }));
    }

    [TestCase("volumes:\n  data: {external: true}", "volumes.data.external")]
    [TestCase("volumes:\n  data: {name: esm-0123456789abcdef_data}", "volumes.data.name")]
    [TestCase("networks:\n  net: {external: true}", "networks.net.external")]
    [TestCase("networks:\n  net: {name: bridge}", "networks.net.name")]
    [TestCase("secrets:\n  s: {external: true}", "secrets.s.external")]
    public void Resources_outside_the_project_are_refused(string section, string path) =>
        Assert.That(Refusal(Service("volumes: [\"data:/data\"]") + section), Does.Contain(path).And.Contain(ComposeAllowlist.External));

    [TestCase("volumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /etc}", "volumes.data.driver_opts", ComposeAllowlist.VolumeDrivers)]
    [TestCase("volumes:\n  data:\n    driver_opts: {type: overlay, o: \"lowerdir=/etc,upperdir=/tmp/u,workdir=/tmp/w\", device: overlay}", "volumes.data.driver_opts", ComposeAllowlist.VolumeDrivers)]
    [TestCase("volumes:\n  data:\n    driver_opts: {type: proc, device: proc}", "volumes.data.driver_opts", ComposeAllowlist.VolumeDrivers)]
    [TestCase("volumes:\n  data:\n    driver_opts: {type: devtmpfs, device: devtmpfs}", "volumes.data.driver_opts", ComposeAllowlist.VolumeDrivers)]
    [TestCase("volumes:\n  data: {driver: local}", "volumes.data.driver", ComposeAllowlist.VolumeDrivers)]
    [TestCase("networks:\n  net: {ipam: {config: [{subnet: 10.0.0.0/8}]}}", "networks.net.ipam", ComposeAllowlist.NetworkMode)]
    [TestCase("secrets:\n  s: {file: /etc/shadow}", "secrets.s.file", ComposeAllowlist.BindMounts)]
    [TestCase("configs:\n  c: {file: ./app.conf}", "configs.c.file", ComposeAllowlist.BindMounts)]
    [TestCase("networks:\n  net: {driver: host}", "networks.net.driver", ComposeAllowlist.NetworkMode)]
    [TestCase("networks:\n  net: {driver: macvlan}", "networks.net.driver", ComposeAllowlist.NetworkMode)]
    public void Resources_that_reach_the_host_are_refused(string section, string path, string exception) =>
        Assert.That(Refusal(Service("volumes: [\"data:/data\"]") + section), Does.Contain(path).And.Contain(exception));

    [TestCase("extends: {file: other.yaml, service: base}", "services.app.extends")]
    [TestCase("container_name: fixed", "services.app.container_name")]
    [TestCase("develop: {watch: [{path: /etc, action: sync, target: /etc}]}", "services.app.develop")]
    [TestCase("ports: [\"0.0.0.0:8080:80\"]", "services.app.ports[0]")]
    [TestCase("ports: [\"0.0.0.0::80\"]", "services.app.ports[0]")]
    [TestCase("ports: [{target: 80, host_ip: 0.0.0.0}]", "services.app.ports[0].host_ip")]
    [TestCase("ports: [\"${port:-6379}\"]", "services.app.ports[0]")]
    [TestCase("labels: {esm.broker: other}", "services.app.labels.esm.broker")]
    [TestCase("labels: [\"com.docker.compose.project=other\"]", "services.app.labels[0]")]
    [TestCase("no_such_key: true", "services.app.no_such_key")]
    public void Keys_no_configuration_allows_are_refused(string setting, string path)
    {
        var message = Refusal(Service(setting), ComposeAllowlist.Exceptions.ToHashSet());

        Assert.That(message, Does.Contain(path).And.Not.Contain("ESM_COMPOSE_ALLOW"));
    }

    [Test]
    public void Include_is_refused() =>
        Assert.That(Refusal("include: [other.yaml]\n" + Service("init: true"), ComposeAllowlist.Exceptions.ToHashSet()), Does.Contain("include"));

    [TestCase("privileged: ${PRIVILEGED}", "services.app.privileged")]
    [TestCase("network_mode: ${MODE}", "services.app.network_mode")]
    [TestCase("network_mode: $MODE", "services.app.network_mode")]
    [TestCase("pid: \"${PID:-host}\"", "services.app.pid")]
    [TestCase("volumes: [\"${SOURCE}:/data\"]", "services.app.volumes[0]")]
    [TestCase("volumes: [{type: \"${TYPE}\", source: data, target: /data}]", "services.app.volumes[0].type")]
    [TestCase("volumes: [{type: volume, source: \"${SOURCE}\", target: /data}]", "services.app.volumes[0].source")]
    [TestCase("volumes_from: [\"${OTHER}\"]", "services.app.volumes_from")]
    public void Interpolation_in_a_key_the_policy_reads_is_refused(string setting, string path) =>
        Assert.That(Refusal(Service(setting)), Does.Contain(path).And.Contain("interpolation"));

    [Test]
    public void Interpolation_in_a_resource_definition_is_refused() =>
        Assert.That(Refusal(Service("init: true") + "networks:\n  net:\n    driver: \"${DRIVER}\"\n"), Does.Contain("networks.net.driver").And.Contain("interpolation"));

    [Test]
    public void Interpolation_elsewhere_is_what_manifests_are_for()
    {
        const string compose = """
            services:
              app:
                image: "esm-test/busybox:${tag}"
                command: ["redis-server", "--requirepass", "${password}"]
                environment: {GREETING: "${greeting}"}
                ports: ["6379"]
            """;

        Assert.DoesNotThrow(() => ComposeManifest.Parse(compose, Nothing));
    }

    [Test]
    public void A_merge_key_cannot_hide_a_forbidden_key()
    {
        const string compose = """
            x-base: &base
              image: esm-test/busybox:1
              privileged: true
            services:
              app:
                <<: *base
            """;

        Assert.That(Refusal(compose), Does.Contain("services.app.privileged"));
    }

    [Test]
    public void Merge_lists_and_nested_merges_are_followed()
    {
        const string compose = """
            x-harmless: &harmless {init: true}
            x-inner: &inner {network_mode: host}
            x-outer: &outer
              <<: *inner
              image: esm-test/busybox:1
            services:
              app:
                <<: [*harmless, *outer]
            """;

        Assert.That(Refusal(compose), Does.Contain("services.app.network_mode"));
    }

    [Test]
    public void An_alias_cannot_hide_a_forbidden_key()
    {
        const string compose = """
            x-caps: &caps [SYS_ADMIN]
            x-mounts: &mounts ["/:/host"]
            services:
              app:
                image: esm-test/busybox:1
                cap_add: *caps
                volumes: *mounts
            """;

        var message = Refusal(compose);

        Assert.That(message, Does.Contain("services.app.cap_add").And.Contain("services.app.volumes[0]"));
    }

    [Test]
    public void An_aliased_service_is_checked_under_each_of_its_names()
    {
        const string compose = """
            services:
              first: &service
                image: esm-test/busybox:1
                pid: host
              second: *service
            """;

        Assert.That(Refusal(compose), Does.Contain("services.first.pid").And.Contain("services.second.pid"));
    }

    [Test]
    public void An_explicit_key_wins_over_a_merged_one_as_in_YAML()
    {
        const string compose = """
            x-base: &base
              image: esm-test/busybox:1
              privileged: true
            services:
              app:
                <<: *base
                privileged: false
            """;

        Assert.DoesNotThrow(() => ComposeManifest.Parse(compose, Nothing));
    }

    [Test]
    public void The_rendered_file_has_the_merges_applied_and_no_anchors()
    {
        const string compose = """
            x-base: &base
              image: esm-test/busybox:1
              init: true
            services:
              app:
                <<: *base
                ports: ["8080", "9000:80", "81", {target: 82}]
            """;

        var rendered = ComposeManifest.Parse(compose, new HashSet<string> { ComposeAllowlist.HostPorts }).Render("127.0.0.1", PinnedPorts.FromState(null));

        Assert.That(rendered, Does.Not.Contain("<<").And.Not.Contain("&base").And.Not.Contain("*base"));
        var app = ResolvedYaml.Load(rendered).Get("services") is YamlDotNet.RepresentationModel.YamlMappingNode services
            ? (YamlDotNet.RepresentationModel.YamlMappingNode)services.Get("app")!
            : throw new AssertionException("no services");
        Assert.That(app.Get("init").Text(), Is.EqualTo("true"));
        var ports = ((YamlDotNet.RepresentationModel.YamlSequenceNode)app.Get("ports")!).Children;
        Assert.That(ports.Take(3).Select(p => p.Text()), Is.EqualTo(new[] { "127.0.0.1::8080", "127.0.0.1:9000:80", "127.0.0.1::81" }));
        Assert.That(((YamlDotNet.RepresentationModel.YamlMappingNode)ports[3]).Get("host_ip").Text(), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public void Pinned_ports_are_published_again_where_the_file_names_no_host_port()
    {
        var state = new System.Text.Json.Nodes.JsonObject { ["ports"] = new System.Text.Json.Nodes.JsonObject { ["app:8080/tcp"] = 32001, ["app:82/tcp"] = 32002 } };
        var compose = Service("ports: [\"8080\", \"9000:80\", {target: 82}]");

        var rendered = ComposeManifest.Parse(compose, new HashSet<string> { ComposeAllowlist.HostPorts }).Render("127.0.0.1", PinnedPorts.FromState(state));

        Assert.That(rendered, Does.Contain("\"127.0.0.1:32001:8080\"").And.Contain("\"127.0.0.1:9000:80\"").And.Contain("published: \"32002\""));
    }

    [TestCase("init: &yes true\nprivileged: *yes")]
    [TestCase("<<: {privileged: true}")]
    [TestCase("!!merge <<: {privileged: true}")]
    public void Anchors_on_scalars_and_inline_merges_are_followed(string setting) =>
        Assert.That(Refusal(Service(setting)), Does.Contain("privileged"));

    [TestCase("privileged: !reset true", "!reset")]
    [TestCase("ports: !override [\"80\"]", "!override")]
    public void Compose_specific_tags_are_refused(string setting, string tag) =>
        Assert.That(Refusal(Service(setting)), Does.Contain(tag));

    [Test]
    public void A_duplicate_key_is_refused_rather_than_guessed() =>
        Assert.That(Refusal(Service("privileged: false\nprivileged: true")), Does.Contain("duplicate").IgnoreCase);

    [Test]
    public void A_second_document_is_refused() =>
        Assert.That(Refusal(Service("init: true") + "---\n" + Service("privileged: true")), Does.Contain("exactly one YAML document"));

    [Test]
    public void Alias_expansion_is_bounded()
    {
        var lines = new List<string> { "x-0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"x-{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        var message = Refusal(string.Join('\n', lines) + "\n" + Service("init: true"));

        Assert.That(message, Does.Contain("more than"));
    }

    [Test]
    public void Deep_nesting_is_refused_before_it_can_exhaust_the_stack() =>
        Assert.That(Refusal(new string('[', 100_000)), Does.Contain("nests deeper"));

    [TestCase("services: [", "not valid YAML")]
    [TestCase("just text", "must be a mapping")]
    [TestCase("volumes: {}", "declares no services")]
    [TestCase("services: {}", "declares no services")]
    [TestCase("services:\n  app: text", "must be a mapping")]
    [TestCase("services:\n  app: {init: true}", "needs an image")]
    [TestCase("", "needs its compose file")]
    public void A_file_that_is_not_a_compose_file_is_refused(string compose, string reason) =>
        Assert.That(Refusal(compose), Does.Contain(reason));

    [Test]
    public void Every_problem_is_named_at_once()
    {
        var message = Refusal(Service("privileged: true\nnetwork_mode: host\ncap_add: [NET_ADMIN]"));

        Assert.That(message, Does.Contain("privileged").And.Contain("network_mode").And.Contain("cap_add"));
    }

    [Test]
    public void Harmless_settings_pass()
    {
        const string compose = """
            services:
              db:
                image: postgres:16
                environment: {POSTGRES_PASSWORD: "${password}"}
                volumes: ["data:/var/lib/postgresql/data", {type: tmpfs, target: /tmp}, /anonymous]
                network_mode: none
                ipc: private
                pid: "service:db"
                privileged: false
                cap_drop: [ALL]
                healthcheck: {test: ["CMD", "pg_isready"], interval: 1s}
            volumes:
              data: {labels: {team: storage}}
            networks:
              backend: {driver: bridge, internal: true}
            secrets:
              token: {environment: password}
            """;

        Assert.DoesNotThrow(() => ComposeManifest.Parse(compose, Nothing));
    }

    [TestCase("\"<<\": {privileged: true}")]
    [TestCase("'<<': {init: true}")]
    [TestCase("? \"<<\"\n: {init: true}")]
    public void A_quoted_merge_key_is_refused_as_a_key(string setting) =>
        Assert.That(Refusal(Service(setting)), Does.Contain("services.app.<<: refused"));
}
