using System.Text.RegularExpressions;
using static Esm.Service.Backends.DockerCompose.Policy.KeyRule;

namespace Esm.Service.Backends.DockerCompose.Policy;

/// <summary>
/// Every key and value shape a compose manifest may use, as one table: whatever is not listed as
/// allowed is refused (a denylist was tried first, and volume drivers, logging drivers and host
/// addresses got around it). A refused key names the exception (an ESM_COMPOSE_ALLOW name) that
/// lets an operator allow it, or none when nothing may. The README's policy section is rendered
/// from this table (<see cref="ComposeManifestPolicy.Table"/>).
/// </summary>
public static class ComposeAllowlist
{
    public const string Privileged = "privileged";
    public const string BindMounts = "bind_mounts";
    public const string VolumeDrivers = "volume_drivers";
    public const string HostPorts = "host_ports";
    public const string Logging = "logging";
    public const string NetworkMode = "network_mode";
    public const string Pid = "pid";
    public const string Ipc = "ipc";
    public const string Uts = "uts";
    public const string UsernsMode = "userns_mode";
    public const string Cgroup = "cgroup";
    public const string CapAdd = "cap_add";
    public const string Devices = "devices";
    public const string SecurityOpt = "security_opt";
    public const string Build = "build";
    public const string External = "external";
    public const string SecretDrivers = "secret_drivers";
    public const string KernelSettings = "kernel_settings";
    public const string Runtime = "runtime";
    public const string LifecycleHooks = "lifecycle_hooks";

    /// <summary>The names ESM_COMPOSE_ALLOW accepts.</summary>
    public static readonly IReadOnlyList<string> Exceptions =
    [
        Privileged, BindMounts, VolumeDrivers, HostPorts, Logging, NetworkMode, Pid, Ipc, Uts, UsernsMode, Cgroup,
        CapAdd, Devices, SecurityOpt, Build, External, SecretDrivers, KernelSettings, Runtime, LifecycleHooks,
    ];

    private const string NamePattern = "[a-zA-Z0-9][a-zA-Z0-9._-]*";

    private static readonly ValueShape FreeText = new Scalar("text (interpolation allowed)", Interpolated: true);
    private static readonly ValueShape PlainText = new Scalar("text");
    private static readonly ValueShape Bool = new Scalar("true or false", Whole("true|false|True|False|TRUE|FALSE"));
    private static readonly ValueShape Integer = new Scalar("a whole number", Whole(@"-?\d{1,18}"));
    private static readonly ValueShape Number = new Scalar("a number", Whole(@"-?\d{1,18}(\.\d{1,18})?"));
    private static readonly ValueShape Duration = new Scalar("a duration such as 1m30s", Whole(@"(\d{1,18}(\.\d{1,18})?(ns|us|µs|ms|s|m|h))+|\d{1,18}"));
    private static readonly ValueShape ByteSize = new Scalar("a size such as 64m", Whole(@"\d{1,18}(\.\d{1,18})?\s?([bkmgtBKMGT][bB]?)?"));
    private static readonly ValueShape Name = new Scalar("a name of this file (letters, digits, '.', '_', '-')", Whole(NamePattern));
    private static readonly ValueShape ContainerPath = new Scalar("an absolute path in the container", Whole(@"/\S*"));
    private static readonly ValueShape HostName = new Scalar("a host name", Whole(@"[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252})"));
    private static readonly ValueShape VariableName = new Scalar("a variable name", Whole("[A-Za-z_][A-Za-z0-9_]*"));
    private static readonly ValueShape Port = new Scalar("a port number", Whole(@"\d{1,5}"));

    private static readonly ValueShape Labels = new Either(
        List: new ListOf(new Scalar("NAME=VALUE, NAME not starting with com.docker. or esm.", Whole(@"(?!com\.docker\.|esm\.)[a-zA-Z0-9][^=\s]*(=.*)?", RegexOptions.Singleline), Interpolated: true)),
        Mapping: new MapOf("label names", Whole(@"[a-zA-Z0-9][^=\s]*"), new Either(Scalar: FreeText, NullAllowed: true), Whole(@"(com\.docker\.|esm\.).*")));

    private static readonly ValueShape StringOrList = new Either(Scalar: FreeText, List: new ListOf(FreeText));

    private static readonly ValueShape UpdateConfig = new Fields(
    [
        Allowed("parallelism", Integer),
        Allowed("delay", Duration),
        Allowed("failure_action", OneOf("continue", "rollback", "pause")),
        Allowed("monitor", Duration),
        Allowed("max_failure_ratio", Number),
        Allowed("order", OneOf("stop-first", "start-first")),
    ]);

    /// <summary><c>ports:</c> entries name the container port; the broker publishes each on ESM_COMPOSE_PUBLISH_ADDRESS.</summary>
    private static readonly ValueShape PortEntry = new Either(
        Scalar: new Scalar(
            "a container port, a range, with /tcp, /udp or /sctp (the broker publishes it on ESM_COMPOSE_PUBLISH_ADDRESS)",
            Whole(@"\d{1,5}(-\d{1,5})?(/(tcp|udp|sctp))?"),
            OtherwiseAllowedBy: HostPorts,
            Exceptional: Whole(@"\d{1,5}(-\d{1,5})?:\d{1,5}(-\d{1,5})?(/(tcp|udp|sctp))?")),
        Mapping: new Fields(
        [
            Needed("target", Port),
            Allowed("protocol", OneOf("tcp", "udp", "sctp")),
            Allowed("mode", OneOf("host", "ingress")),
            Allowed("app_protocol", PlainText),
            Allowed("name", Name),
            Refused("published", HostPorts, "a fixed host port collides between instances; the broker picks one"),
            Never("host_ip", "the broker publishes every port on ESM_COMPOSE_PUBLISH_ADDRESS; set that instead"),
        ]));

    /// <summary><c>volumes:</c> entries of a service: named volumes of this file, anonymous volumes and tmpfs.</summary>
    private static readonly ValueShape MountEntry = new Either(
        Scalar: new Scalar(
            "VOLUME:/path[:MODE] or /path, VOLUME a volume of this file",
            Whole($@"({NamePattern}:)?/[^:]*(:[a-zA-Z,]+)?"),
            OtherwiseAllowedBy: BindMounts),
        Mapping: new Fields(
        [
            Needed("type", new Scalar("volume or tmpfs", Whole("volume|tmpfs"), OtherwiseAllowedBy: BindMounts)),
            Allowed("source", new Scalar("a volume of this file", Whole(NamePattern), OtherwiseAllowedBy: BindMounts)),
            Needed("target", ContainerPath),
            Allowed("read_only", Bool),
            Allowed("consistency", PlainText),
            Allowed("volume", new Fields([Allowed("nocopy", Bool)])),
            Allowed("tmpfs", new Fields([Allowed("size", ByteSize), Allowed("mode", Integer)])),
            Refused("bind", BindMounts, "bind mounts reach the host's files"),
            Refused("image", BindMounts, "image mounts reach other images' files"),
        ]));

    private static readonly ValueShape ServiceNetworks = new Either(
        List: new ListOf(Name),
        Mapping: new MapOf("networks of this file", Whole(NamePattern), new Fields(
        [
            Allowed("aliases", new ListOf(HostName)),
            Allowed("priority", Integer),
            Allowed("gw_priority", Integer),
            Refused("ipv4_address", NetworkMode, "fixed addresses collide between instances"),
            Refused("ipv6_address", NetworkMode, "fixed addresses collide between instances"),
            Refused("link_local_ips", NetworkMode, "fixed addresses collide between instances"),
            Refused("mac_address", NetworkMode, "fixed addresses collide between instances"),
            Refused("driver_opts", NetworkMode, "driver options can attach to the host's networks"),
        ], NullAllowed: true)));

    private static readonly ValueShape DependsOn = new Either(
        List: new ListOf(Name),
        Mapping: new MapOf("services of this file", Whole(NamePattern), new Fields(
        [
            Allowed("condition", OneOf("service_started", "service_healthy", "service_completed_successfully")),
            Allowed("restart", Bool),
            Allowed("required", Bool),
        ], NullAllowed: true)));

    private static readonly ValueShape Deploy = new Fields(
    [
        Allowed("mode", OneOf("replicated", "global", "replicated-job", "global-job")),
        Allowed("replicas", Integer),
        Allowed("labels", Labels),
        Allowed("endpoint_mode", OneOf("vip", "dnsrr")),
        Allowed("resources", new Fields(
        [
            Allowed("limits", new Fields([Allowed("cpus", Number), Allowed("memory", ByteSize), Allowed("pids", Integer)])),
            Allowed("reservations", new Fields(
            [
                Allowed("cpus", Number),
                Allowed("memory", ByteSize),
                Refused("devices", Devices, "host devices"),
                Refused("generic_resources", Devices, "host devices"),
            ])),
        ])),
        Allowed("restart_policy", new Fields(
        [
            Allowed("condition", OneOf("none", "on-failure", "any")),
            Allowed("delay", Duration),
            Allowed("max_attempts", Integer),
            Allowed("window", Duration),
        ])),
        Allowed("placement", new Fields(
        [
            Allowed("constraints", new ListOf(PlainText)),
            Allowed("preferences", new ListOf(new Fields([Allowed("spread", PlainText)]))),
            Allowed("max_replicas_per_node", Integer),
        ])),
        Allowed("update_config", UpdateConfig),
        Allowed("rollback_config", UpdateConfig),
    ]);

    private static readonly ValueShape Service = new Fields(
    [
        Allowed("image", FreeText),
        Allowed("command", StringOrList),
        Allowed("entrypoint", StringOrList),
        Allowed("environment", new Either(
            List: new ListOf(FreeText),
            Mapping: new MapOf("variable names", Whole(@"[^=\s]+"), new Either(Scalar: FreeText, NullAllowed: true)))),
        Allowed("labels", Labels),
        Allowed("annotations", Labels),
        Allowed("healthcheck", new Fields(
        [
            Allowed("test", StringOrList),
            Allowed("interval", Duration),
            Allowed("timeout", Duration),
            Allowed("start_period", Duration),
            Allowed("start_interval", Duration),
            Allowed("retries", Integer),
            Allowed("disable", Bool),
        ])),
        Allowed("ports", new ListOf(PortEntry)),
        Allowed("expose", new ListOf(new Scalar("a container port", Whole(@"\d{1,5}(-\d{1,5})?(/(tcp|udp|sctp))?")))),
        Allowed("volumes", new ListOf(MountEntry)),
        Allowed("tmpfs", new Either(Scalar: ContainerPath, List: new ListOf(ContainerPath))),
        Allowed("networks", ServiceNetworks),
        Allowed("depends_on", DependsOn),
        Allowed("links", new ListOf(new Scalar("SERVICE or SERVICE:ALIAS, a service of this file", Whole($"{NamePattern}(:{NamePattern})?")))),
        Allowed("secrets", new ListOf(FileReference())),
        Allowed("configs", new ListOf(FileReference())),
        Allowed("deploy", Deploy),
        Allowed("logging", new Fields(
        [
            Allowed("driver", new Scalar("json-file or local (they write to the engine's own files)", Whole("json-file|local"), OtherwiseAllowedBy: Logging)),
            Allowed("options", new Fields(
            [
                Allowed("max-size", ByteSize),
                Allowed("max-file", Integer),
                Allowed("compress", Bool),
                Allowed("mode", OneOf("blocking", "non-blocking")),
                Allowed("max-buffer-size", ByteSize),
            ], OtherKeysAllowedBy: Logging)),
        ])),
        Allowed("restart", new Scalar("no, always, unless-stopped, on-failure or on-failure:N", Whole(@"no|always|unless-stopped|on-failure(:\d{1,9})?"))),
        Allowed("init", Bool),
        Allowed("read_only", Bool),
        Allowed("tty", Bool),
        Allowed("stdin_open", Bool),
        Allowed("attach", Bool),
        Allowed("user", PlainText),
        Allowed("working_dir", ContainerPath),
        Allowed("hostname", HostName),
        Allowed("domainname", HostName),
        Allowed("stop_signal", new Scalar("a signal name", Whole("[A-Z0-9+]{1,16}"))),
        Allowed("stop_grace_period", Duration),
        Allowed("platform", PlainText),
        Allowed("profiles", new ListOf(Name)),
        Allowed("scale", Integer),
        Allowed("pull_policy", new Scalar(
            "always, never, missing, if_not_present, daily, weekly or every_DURATION",
            Whole(@"always|never|missing|if_not_present|daily|weekly|every_\w{1,16}"),
            OtherwiseAllowedBy: Build,
            Exceptional: Whole("build"))),
        Allowed("mem_limit", ByteSize),
        Allowed("mem_reservation", ByteSize),
        Allowed("memswap_limit", ByteSize),
        Allowed("mem_swappiness", Integer),
        Allowed("shm_size", ByteSize),
        Allowed("cpus", Number),
        Allowed("cpu_shares", Integer),
        Allowed("cpu_period", Integer),
        Allowed("cpu_quota", Integer),
        Allowed("pids_limit", Integer),
        Allowed("cap_drop", new ListOf(new Scalar("a capability name", Whole("[A-Za-z_]{1,32}")))),
        Allowed("dns", new Either(Scalar: PlainText, List: new ListOf(PlainText))),
        Allowed("dns_search", new Either(Scalar: PlainText, List: new ListOf(PlainText))),
        Allowed("dns_opt", new ListOf(PlainText)),
        Allowed("extra_hosts", new Either(List: new ListOf(PlainText), Mapping: new MapOf("host names", Whole(@"[a-zA-Z0-9.-]+"), PlainText))),
        Allowed("group_add", new ListOf(PlainText)),
        Allowed("privileged", FalseUnless(Privileged, "privileged containers control the host")),
        Allowed("use_api_socket", FalseUnless(Privileged, "the engine's API controls the host")),
        Allowed("network_mode", new Scalar($"none or service:NAME", Whole($"none|service:{NamePattern}"), OtherwiseAllowedBy: NetworkMode)),
        Allowed("pid", new Scalar("service:NAME", Whole($"service:{NamePattern}"), OtherwiseAllowedBy: Pid)),
        Allowed("ipc", new Scalar("private, shareable or service:NAME", Whole($"private|shareable|service:{NamePattern}"), OtherwiseAllowedBy: Ipc)),
        Allowed("cgroup", new Scalar("private", Whole("private"), OtherwiseAllowedBy: Cgroup)),
        Allowed("volumes_from", new ListOf(new Scalar("a service of this file", Whole($@"(service:)?{NamePattern}(:(ro|rw))?"), OtherwiseAllowedBy: External))),
        Refused("uts", Uts, "the only mode, host, shares the host's names"),
        Refused("userns_mode", UsernsMode, "the only mode, host, turns user namespaces off"),
        Refused("build", Build, "images are pulled, never built on the host"),
        Refused("cap_add", CapAdd, "added capabilities weaken the container's isolation"),
        Refused("security_opt", SecurityOpt, "security options can switch confinement off"),
        Refused("devices", Devices, "host devices"),
        Refused("device_cgroup_rules", Devices, "host devices"),
        Refused("gpus", Devices, "host devices"),
        Refused("env_file", BindMounts, "it reads files of the broker's host"),
        Refused("label_file", BindMounts, "it reads files of the broker's host"),
        Refused("external_links", External, "containers outside the project"),
        Refused("cgroup_parent", KernelSettings, "it places the containers in a cgroup of the host's choosing"),
        Refused("sysctls", KernelSettings, "kernel parameters"),
        Refused("ulimits", KernelSettings, "limits beyond the engine's defaults"),
        Refused("oom_score_adj", KernelSettings, "it makes the host's kernel kill other processes first"),
        Refused("oom_kill_disable", KernelSettings, "a container the kernel may not kill can exhaust the host's memory"),
        Refused("storage_opt", KernelSettings, "storage driver options"),
        Refused("blkio_config", KernelSettings, "the host's block devices"),
        Refused("cpuset", KernelSettings, "it pins the host's CPUs"),
        Refused("cpu_rt_runtime", KernelSettings, "real-time scheduling on the host"),
        Refused("cpu_rt_period", KernelSettings, "real-time scheduling on the host"),
        Refused("cpu_count", KernelSettings, "Windows-only CPU settings"),
        Refused("cpu_percent", KernelSettings, "Windows-only CPU settings"),
        Refused("runtime", Runtime, "another OCI runtime is another isolation"),
        Refused("isolation", Runtime, "another isolation technology"),
        Refused("credential_spec", Runtime, "Windows credential specifications read host files"),
        Refused("mac_address", NetworkMode, "fixed addresses collide between instances"),
        Refused("post_start", LifecycleHooks, "hooks can run privileged commands"),
        Refused("pre_stop", LifecycleHooks, "hooks can run privileged commands"),
        Never("develop", "it synchronises files of the broker's host into containers"),
        Never("provider", "providers run programs on the broker's host"),
        Never("models", "AI models are not run by this broker"),
        Never("extends", "services cannot extend others; write the service out"),
        Never("container_name", "a fixed container name would collide between instances"),
    ]);

    private static readonly ValueShape Volume = new Fields(
    [
        Allowed("labels", Labels),
        Allowed("external", FalseUnless(External, "it joins a volume outside the project")),
        Refused("name", External, "a fixed name joins any existing volume of that name"),
        Refused("driver", VolumeDrivers, "a volume driver can mount what the engine reaches (host paths, proc, devtmpfs)"),
        Refused("driver_opts", VolumeDrivers, "driver options can mount host paths, proc or devtmpfs"),
    ], NullAllowed: true);

    private static readonly ValueShape Network = new Fields(
    [
        Allowed("labels", Labels),
        Allowed("internal", Bool),
        Allowed("attachable", Bool),
        Allowed("enable_ipv4", Bool),
        Allowed("enable_ipv6", Bool),
        Allowed("driver", new Scalar("bridge or overlay", Whole("bridge|overlay"), OtherwiseAllowedBy: NetworkMode)),
        Allowed("external", FalseUnless(External, "it joins a network outside the project")),
        Refused("name", External, "a fixed name joins any existing network of that name"),
        Refused("driver_opts", NetworkMode, "driver options can attach to the host's networks"),
        Refused("ipam", NetworkMode, "fixed subnets can shadow the host's routes"),
    ], NullAllowed: true);

    /// <summary>Top-level <c>secrets:</c> and <c>configs:</c>: filled from the instance's variables or written inline.</summary>
    private static ValueShape FileSource(bool content) => new Fields(
    [
        .. content ? [Allowed("content", FreeText)] : Array.Empty<KeyRule>(),
        Allowed("environment", VariableName),
        Allowed("labels", Labels),
        Allowed("external", FalseUnless(External, "it uses a resource outside the project")),
        Refused("name", External, "a fixed name joins any existing resource of that name"),
        Refused("file", BindMounts, "it reads a file of the broker's host"),
        Refused("driver", SecretDrivers, "a secret driver reads what the engine reaches"),
        Refused("driver_opts", SecretDrivers, "a secret driver reads what the engine reaches"),
        Refused("template_driver", SecretDrivers, "a template driver reads what the engine reaches"),
    ]);

    /// <summary>A service's <c>secrets:</c> or <c>configs:</c> entry: a name of this file, or its long syntax.</summary>
    private static ValueShape FileReference() => new Either(
        Scalar: Name,
        Mapping: new Fields(
        [
            Needed("source", Name),
            Allowed("target", PlainText),
            Allowed("uid", PlainText),
            Allowed("gid", PlainText),
            Allowed("mode", Integer),
        ]));

    /// <summary>The whole file.</summary>
    public static readonly Fields File = new(
    [
        Allowed("services", new MapOf("service names", Whole(NamePattern), Service)),
        Allowed("volumes", new MapOf("volume names", Whole(NamePattern), Volume)),
        Allowed("networks", new MapOf("network names", Whole(NamePattern), Network)),
        Allowed("secrets", new MapOf("secret names", Whole(NamePattern), FileSource(content: false))),
        Allowed("configs", new MapOf("config names", Whole(NamePattern), FileSource(content: true))),
        Allowed("version", PlainText),
        Never("name", "the broker names each instance's project"),
        Never("include", "other compose files cannot be included; put everything in this one"),
        Never("models", "AI models are not run by this broker"),
    ]);

    private static Scalar OneOf(params string[] values) =>
        new(string.Join(", ", values.SkipLast(1)) + (values.Length > 1 ? " or " : string.Empty) + values[^1], Whole(string.Join('|', values.Select(Regex.Escape))));

    private static Scalar FalseUnless(string exception, string reason) =>
        new($"false ({reason})", Whole("false|False|FALSE"), OtherwiseAllowedBy: exception);

    private static Regex Whole(string pattern, RegexOptions options = RegexOptions.None) =>
        new($@"^(?:{pattern})\z", options | RegexOptions.CultureInvariant);
}
