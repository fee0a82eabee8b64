using System.Text;
using Esm.Service.Backends.DockerCompose;
using Esm.Service.Backends.DockerCompose.Policy;
using Esm.Service.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// The allowlist as a property: a manifest that is fine but for one key or value off the list is
/// refused, naming where. The keys and values are drawn at random around the table, so the test
/// also finds a key the table forgot to refuse.
/// </summary>
public sealed class ComposeAllowlistPropertyTests
{
    private const string ValidService = "    image: esm-test/busybox:1\n    init: true\n";

    private static readonly IReadOnlySet<string> Nothing = new HashSet<string>();

    /// <summary>Where a key can be put, with the keys the table allows there (anything else must be refused).</summary>
    private static readonly (string Path, Func<string, string> Place, IReadOnlySet<string> Allowed)[] Levels =
    [
        ("", entry => entry + "\n" + Manifest(string.Empty), AllowedKeys(ComposeAllowlist.File)),
        ("services.app", entry => Manifest(Indent(entry, 4)), AllowedKeys(Service())),
        ("volumes.data", entry => Manifest(string.Empty, volume: Indent(entry, 4)), AllowedKeys(Section("volumes"))),
        ("networks.back", entry => Manifest(string.Empty, network: Indent(entry, 4)), AllowedKeys(Section("networks"))),
        ("services.app.logging", entry => Manifest("    logging:\n" + Indent(entry, 6)), AllowedKeys(ServiceField("logging"))),
        ("services.app.deploy", entry => Manifest("    deploy:\n" + Indent(entry, 6)), AllowedKeys(ServiceField("deploy"))),
        ("services.app.healthcheck", entry => Manifest("    healthcheck:\n" + Indent(entry, 6)), AllowedKeys(ServiceField("healthcheck"))),
    ];

    /// <summary>Values of allowed keys that are off the list: host addresses, host paths, drivers, reserved labels...</summary>
    private static readonly Gen<(string Setting, string Path)> OffListValues = Gen.OneOf(
        from address in Gen.Elements("0.0.0.0", "127.0.0.1", "10.1.2.3", "[::]", "::1", "${ADDRESS}")
        from host in Gen.Elements("", "80", "65535")
        from container in Gen.Elements("80", "53/udp", "8000-8010")
        select ($"    ports: [\"{address}:{host}:{container}\"]", "services.app.ports[0]"),
        from port in Gen.Elements("${PORT}", "${PORT:-80}", "$PORT", "80:${P}")
        select ($"    ports: [\"{port}\"]", "services.app.ports[0]"),
        from address in Gen.Elements("0.0.0.0", "127.0.0.1", "::")
        select ($"    ports: [{{target: 80, host_ip: \"{address}\"}}]", "services.app.ports[0].host_ip"),
        from source in Gen.Elements("/", "/etc", "./data", "../x", "~/x", "C:\\x", "\\\\server\\share", "/var/run/docker.sock", "${SOURCE}")
        select ($"    volumes: ['{source}:/data']", "services.app.volumes[0]"),
        from type in Gen.Elements("bind", "npipe", "cluster", "image", "Volume", "${TYPE}")
        select ($"    volumes: [{{type: \"{type}\", source: data, target: /data}}]", "services.app.volumes[0].type"),
        from driver in Word().Where(w => w is not ("json-file" or "local"))
        select ($"    logging: {{driver: \"{driver}\"}}", "services.app.logging.driver"),
        from mode in Gen.Elements("host", "bridge", "default", "container:x", "service:", "${MODE}").Or(Word().Where(w => w != "none"))
        select ($"    network_mode: \"{mode}\"", "services.app.network_mode"),
        from value in Gen.Elements("true", "yes", "on", "1", "\"true\"", "${P}")
        select ($"    privileged: {value}", "services.app.privileged"),
        from prefix in Gen.Elements("esm.", "com.docker.", "com.docker.compose.")
        from rest in Word()
        select ($"    labels: {{\"{prefix}{rest}\": x}}", $"services.app.labels.{prefix}{rest}"),
        from restart in Word().Where(w => w is not ("no" or "always" or "unless-stopped" or "on-failure"))
        select ($"    restart: \"{restart}\"", "services.app.restart"));

    private static readonly Gen<(string Setting, string Path)> OffListResources = Gen.OneOf(
        from driver in Gen.Elements("local", "overlay", "nfs").Or(Word())
        select ($"    driver: \"{driver}\"", "volumes.data.driver"),
        from type in Gen.Elements("overlay", "proc", "devtmpfs", "none", "tmpfs", "sysfs")
        select ($"    driver_opts: {{type: {type}, device: {type}}}", "volumes.data.driver_opts"),
        from driver in Gen.Elements("host", "macvlan", "ipvlan", "none", "null").Or(Word().Where(w => w is not ("bridge" or "overlay")))
        select ($"    driver: \"{driver}\"", "networks.back.driver"));

    [Test]
    public void A_key_off_the_list_is_refused_at_every_level()
    {
        var cases =
            from level in Gen.Elements(Levels)
            from key in Key().Where(k => !level.Allowed.Contains(k))
            from value in Gen.Elements("true", "1", "\"/etc\"", "[a, b]", "{a: b}", "~", "\"${X}\"")
            select (level, key, value);

        Prop.ForAll(Arb.From(cases), c =>
        {
            var manifest = c.level.Place($"{c.key}: {c.value}");
            var path = c.level.Path.Length == 0 ? c.key : $"{c.level.Path}.{c.key}";
            AssertRefused(manifest, path);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true));
    }

    [Test]
    public void A_value_off_the_list_is_refused()
    {
        Prop.ForAll(Arb.From(OffListValues), c => AssertRefused(Manifest(c.Setting + "\n"), c.Path))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true));
        Prop.ForAll(Arb.From(OffListResources), c =>
            {
                var manifest = c.Path.StartsWith("volumes", StringComparison.Ordinal)
                    ? Manifest(string.Empty, volume: c.Setting + "\n")
                    : Manifest(string.Empty, network: c.Setting + "\n");
                AssertRefused(manifest, c.Path);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true));
    }

    [Test]
    public void The_manifest_around_the_mutations_passes() => Assert.DoesNotThrow(() => ComposeManifest.Parse(Manifest(string.Empty), Nothing));

    [Test]
    public void The_README_policy_section_is_the_table()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        const string start = "<!-- compose-policy-table:start -->\n";
        const string end = "<!-- compose-policy-table:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.That(from >= 0 && to > from, "README.md has no policy table between the markers");

        var expected = ComposeManifestPolicy.Table();
        var written = Path.Combine(TestContext.CurrentContext.WorkDirectory, "compose-policy-table.md");
        File.WriteAllText(written, expected);
        Assert.That(readme[(from + start.Length)..to], Is.EqualTo(expected), $"the README's table differs from the allowlist; the current table is in {written}");
    }

    private static void AssertRefused(string manifest, string path)
    {
        string message;
        try
        {
            ComposeManifest.Parse(manifest, Nothing);
            throw new AssertionException($"passed the policy although {path} is off the list:\n{manifest}");
        }
        catch (InvalidManifestException e)
        {
            message = e.Message;
        }

        if (!message.Contains($"{path}: refused", StringComparison.Ordinal))
        {
            throw new AssertionException($"refused, but not at {path}: {message}\n{manifest}");
        }
    }

    private static string Manifest(string serviceLines, string volume = "", string network = "")
    {
        var text = new StringBuilder("services:\n  app:\n").Append(ValidService).Append(serviceLines);
        text.Append("volumes:\n  data:\n").Append(volume);
        text.Append("networks:\n  back:\n").Append(network);
        return text.ToString();
    }

    private static string Indent(string entry, int spaces) => new string(' ', spaces) + entry + "\n";

    /// <summary>Key names: compose's own keys (refused ones among them), near misses, and random words.</summary>
    private static Gen<string> Key() => Gen.OneOf(
        Gen.Elements(
            "sysctls", "ulimits", "cgroup_parent", "oom_score_adj", "runtime", "isolation", "storage_opt", "device_cgroup_rules",
            "privileged", "cap_add", "devices", "driver", "driver_opts", "syslog-address", "tag", "host_ip", "published", "name",
            "external", "include", "extends", "ipam", "Image", "PORTS", "volume", "network", "service", "secret", "<<x", "1"),
        Word());

    private static Gen<string> Word() =>
        from length in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz_-".ToCharArray()), length)
        let word = new string(chars)
        where !word.StartsWith("x-", StringComparison.Ordinal) && char.IsLetter(word[0])
        select word;

    private static IReadOnlySet<string> AllowedKeys(Fields fields) =>
        fields.Keys.Where(k => k.Shape is not null).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

    private static Fields Section(string name) =>
        (Fields)((MapOf)ComposeAllowlist.File.Keys.Single(k => k.Key == name).Shape!).Value;

    private static Fields Service() => Section("services");

    private static Fields ServiceField(string name) => (Fields)Service().Keys.Single(k => k.Key == name).Shape!;
}
