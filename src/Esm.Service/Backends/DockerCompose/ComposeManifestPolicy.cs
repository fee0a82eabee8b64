using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// What a manifest may ask of the Docker host. Every instance runs on the broker's engine, so by
/// default nothing may reach the host (privileges, host paths, host namespaces, devices) or another
/// project's resources. The operator lifts a rule with its exception name in ESM_COMPOSE_ALLOW.
/// Checked on the resolved tree (<see cref="ResolvedYaml"/>); interpolation (<c>${VAR}</c>) is refused in
/// every key the rules read, since its value is only known when compose runs.
/// </summary>
public static partial class ComposeManifestPolicy
{
    public const string Privileged = "privileged";
    public const string BindMounts = "bind_mounts";
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

    /// <summary>The names ESM_COMPOSE_ALLOW accepts.</summary>
    public static readonly IReadOnlyList<string> Exceptions =
        [Privileged, BindMounts, NetworkMode, Pid, Ipc, Uts, UsernsMode, Cgroup, CapAdd, Devices, SecurityOpt, Build, External];

    private static readonly string[] Namespaces = [Pid, Ipc, Uts, UsernsMode, Cgroup];

    /// <summary>Every rule the tree breaks, each naming where and how to allow it; empty when it passes.</summary>
    public static IReadOnlyList<string> Violations(YamlMappingNode root, IReadOnlySet<string> allowed)
    {
        var found = new Violations(allowed);
        if (root.Get("include") is not null)
        {
            found.Always("include", "other compose files cannot be included; put everything in this one");
        }

        if (root.Get("services") is YamlMappingNode services)
        {
            foreach (var (name, service) in services.Entries())
            {
                if (service is YamlMappingNode definition)
                {
                    CheckService($"services.{name}", definition, found);
                }
            }
        }

        foreach (var section in new[] { "volumes", "networks" })
        {
            if (root.Get(section) is YamlMappingNode resources)
            {
                foreach (var (name, resource) in resources.Entries())
                {
                    CheckResource($"{section}.{name}", section, resource, found);
                }
            }
        }

        foreach (var section in new[] { "secrets", "configs" })
        {
            if (root.Get(section) is YamlMappingNode resources)
            {
                foreach (var (name, resource) in resources.Entries())
                {
                    CheckFileSource($"{section}.{name}", resource, found);
                }
            }
        }

        return found.All;
    }

    private static void CheckService(string path, YamlMappingNode service, Violations found)
    {
        if (service.Get("extends") is not null)
        {
            found.Always($"{path}.extends", "services cannot extend others; write the service out");
        }

        found.Unless(Build, service.Get("build") is not null, $"{path}.build", "images are pulled, never built on the host");
        CheckSetting(path, service, "privileged", Privileged, IsSet, "privileged containers control the host", found);
        CheckSetting(path, service, "use_api_socket", Privileged, IsSet, "the engine's API controls the host", found);
        CheckSetting(path, service, "cap_add", CapAdd, IsPresent, "added capabilities weaken the container's isolation", found);
        CheckSetting(path, service, "security_opt", SecurityOpt, IsPresent, "security options can switch confinement off", found);
        foreach (var key in new[] { "devices", "device_cgroup_rules", "gpus" })
        {
            CheckSetting(path, service, key, Devices, IsPresent, "host devices", found);
        }

        if (service.Get("deploy") is YamlMappingNode deploy && deploy.Get("resources") is YamlMappingNode resources
            && resources.Get("reservations") is YamlMappingNode reservations)
        {
            CheckSetting($"{path}.deploy.resources.reservations", reservations, "devices", Devices, IsPresent, "host devices", found);
        }

        foreach (var key in new[] { "env_file", "label_file" })
        {
            found.Unless(BindMounts, service.Get(key) is not null, $"{path}.{key}", "it reads files of the broker's host");
        }

        CheckNetworkMode(path, service.Get("network_mode"), found);
        foreach (var key in Namespaces)
        {
            CheckNamespace($"{path}.{key}", key, service.Get(key), found);
        }

        if (service.Get("volumes") is YamlSequenceNode volumes)
        {
            for (var i = 0; i < volumes.Children.Count; i++)
            {
                CheckMount($"{path}.volumes[{i}]", volumes.Children[i], found);
            }
        }

        foreach (var (key, reason) in new[] { ("volumes_from", "another project's container"), ("external_links", "containers outside the project") })
        {
            if (service.Get(key) is YamlSequenceNode entries)
            {
                foreach (var entry in entries.Children.Select(e => e.Text() ?? string.Empty))
                {
                    found.Interpolated($"{path}.{key}", entry);
                    found.Unless(External, key == "external_links" || entry.StartsWith("container:", StringComparison.Ordinal), $"{path}.{key}", reason);
                }
            }
        }

        if (service.Get("container_name") is not null)
        {
            found.Always($"{path}.container_name", "a fixed container name would collide between instances");
        }
    }

    /// <summary>A key that is refused when <paramref name="isSet"/>, and whose value must be literal.</summary>
    private static void CheckSetting(string path, YamlMappingNode owner, string key, string exception, Func<YamlNode?, bool> isSet, string reason, Violations found)
    {
        var value = owner.Get(key);
        var literal = value is null || value.Scalars().All(scalar => !found.Interpolated($"{path}.{key}", scalar.Value ?? string.Empty));
        found.Unless(exception, literal && isSet(value), $"{path}.{key}", reason);
    }

    private static void CheckNetworkMode(string path, YamlNode? mode, Violations found)
    {
        if (mode is null)
        {
            return;
        }

        var text = mode.Text() ?? string.Empty;
        if (!found.Interpolated($"{path}.network_mode", text))
        {
            // A project's own network or none: anything else shares a network with the host or other containers.
            var own = text == "none" || text.StartsWith("service:", StringComparison.Ordinal);
            found.Unless(NetworkMode, !own, $"{path}.network_mode", $"'{text}' leaves the project's own networks");
        }
    }

    private static void CheckNamespace(string path, string key, YamlNode? value, Violations found)
    {
        if (value is null)
        {
            return;
        }

        var text = value.Text() ?? string.Empty;
        if (!found.Interpolated(path, text))
        {
            var shared = text == "host" || text.StartsWith("container:", StringComparison.Ordinal);
            found.Unless(key, shared, path, $"'{text}' shares a namespace with the host or another container");
        }
    }

    private static void CheckMount(string path, YamlNode mount, Violations found)
    {
        if (mount is YamlMappingNode longSyntax)
        {
            var type = longSyntax.Get("type").Text() ?? string.Empty;
            var source = longSyntax.Get("source").Text() ?? string.Empty;
            if (!found.Interpolated($"{path}.type", type) && !found.Interpolated($"{path}.source", source))
            {
                found.Unless(BindMounts, type is not ("volume" or "tmpfs"), $"{path}.type", $"'{type}' mounts can reach the host's files (volume and tmpfs can not)");
                found.Unless(BindMounts, IsHostPath(source), $"{path}.source", $"'{source}' is a path on the host");
            }

            return;
        }

        var text = mount.Text() ?? string.Empty;
        if (!found.Interpolated(path, text))
        {
            // SOURCE:TARGET[:MODE]; a lone TARGET is an anonymous volume.
            var colon = text.IndexOf(':', IsWindowsPath(text) ? 2 : 0);
            var source = colon < 0 ? string.Empty : text[..colon];
            found.Unless(BindMounts, IsHostPath(source), path, $"'{source}' is a path on the host");
        }
    }

    private static void CheckResource(string path, string section, YamlNode resource, Violations found)
    {
        if (resource is not YamlMappingNode definition)
        {
            return;
        }

        foreach (var scalar in definition.Scalars())
        {
            found.Interpolated(path, scalar.Value ?? string.Empty);
        }

        found.Unless(External, !IsFalse(definition.Get("external")), $"{path}.external", "it joins a resource outside the project");
        found.Unless(External, definition.Get("name") is not null, $"{path}.name", "a fixed name joins any existing resource of that name");
        if (section == "volumes" && definition.Get("driver_opts") is YamlMappingNode options)
        {
            var bind = options.Entries().Any(o =>
                (o.Key == "o" && (o.Value.Text() ?? string.Empty).Contains("bind", StringComparison.OrdinalIgnoreCase))
                || (o.Key == "device" && IsHostPath(o.Value.Text() ?? string.Empty)));
            found.Unless(BindMounts, bind, $"{path}.driver_opts", "the volume binds a host path");
        }

        if (section == "networks")
        {
            var driver = definition.Get("driver").Text();
            found.Unless(NetworkMode, driver is not (null or "bridge"), $"{path}.driver", $"the '{driver}' driver attaches to the host's networks");
            found.Unless(NetworkMode, definition.Get("driver_opts") is not null, $"{path}.driver_opts", "driver options can attach to the host's networks");
        }
    }

    private static void CheckFileSource(string path, YamlNode resource, Violations found)
    {
        if (resource is not YamlMappingNode definition)
        {
            return;
        }

        found.Unless(BindMounts, definition.Get("file") is not null, $"{path}.file", "it reads a file of the broker's host");
        found.Unless(External, !IsFalse(definition.Get("external")) || definition.Get("name") is not null, path, "it uses a resource outside the project");
    }

    /// <summary>Absent, null, or false (any spelling YAML or compose reads as false); anything else counts as set.</summary>
    private static bool IsFalse(YamlNode? node) =>
        node.IsNull() || node.Text() is "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N";

    private static bool IsSet(YamlNode? node) => !IsFalse(node);

    /// <summary>Set to something other than null or an empty list.</summary>
    private static bool IsPresent(YamlNode? node) => !node.IsNull() && node is not YamlSequenceNode { Children.Count: 0 };

    private static bool IsHostPath(string source) =>
        source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~') || source.StartsWith('\\') || IsWindowsPath(source);

    private static bool IsWindowsPath(string text) => WindowsDrive().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z]:[\\/]")]
    private static partial Regex WindowsDrive();
}
