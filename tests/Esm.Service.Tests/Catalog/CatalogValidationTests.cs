using Esm.Service.Backends;
using Esm.Service.Backends.DockerCompose;
using Esm.Service.Backends.Dummy;
using Esm.Service.Catalog;
using Esm.Service.Failures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Esm.Service.Tests.Catalog;

/// <summary>An invalid catalog stops the broker with every problem named by file and field.</summary>
public sealed class CatalogValidationTests
{
    private const string ValidPlan = """
          - id: plan-1
            name: small
            description: A plan.
            manifest: {type: dummy}
        """;

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("esm-catalog-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task The_shipped_demo_catalog_is_valid()
    {
        var repositoryCatalog = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "catalog");
        var catalog = await BuildAsync(CatalogFolderLoader.Load(repositoryCatalog));
        var dream = catalog.Services.Single(s => s.Name == "dream");
        Assert.That(dream.Plans.Select(p => p.Name), Is.EquivalentTo(new[] { "small", "large" }));
        Assert.That(dream.Plans.Single(p => p.Name == "small").Free, Is.True);
        Assert.That(dream.Plans.Single(p => p.Name == "large").Free, Is.False);
        Assert.That(catalog.Services.Single(s => s.Name == "redis").Plans.Select(p => p.Name), Is.EquivalentTo(new[] { "small", "small-sync" }));
    }

    [TestCase("id: s1\nname: one\ndescription: d\nplans:\n" + ValidPlan, "bindable: required")]
    [TestCase("name: one\ndescription: d\nbindable: true\nplans:\n" + ValidPlan, "id: required")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans: []", "plans: at least one plan")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: yes-please\nplans:\n" + ValidPlan, "bindable")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n", "plans[0].manifest: required")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    manifest: {type: kubernetes}\n", "plans[0].manifest.type: 'kubernetes' is not a backend")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    maintenance_info: {version: one}\n    manifest: {type: dummy}\n", "plans[0].maintenance_info.version")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    manifest: {type: dummy, config: {fail: [explode]}}\n", "config.fail")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    schemas: {service_instance: {create: {parameters: {type: object}}}}\n    manifest: {type: dummy}\n", "$schema is required")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    schemas: {service_instance: {create: {parameters: {$schema: 'http://json-schema.org/draft-04/schema#', $ref: 'http://example.com/s.json'}}}}\n    manifest: {type: dummy}\n", "external $ref")]
    [TestCase("id: s1\nname: one\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    plan_updateable: maybe\n    manifest: {type: dummy}\n", "plans[0].plan_updateable")]
    [TestCase("id: [unclosed\n", "not valid YAML")]
    public async Task A_problem_in_a_service_file_is_reported_with_file_and_field(string yaml, string expected)
    {
        WriteService("one", yaml);
        var exception = Assert.CatchAsync<CatalogException>(async () => await BuildAsync(CatalogFolderLoader.Load(_directory)));
        Assert.That(exception!.Message, Does.Contain(Path.Combine(_directory, "one", "service.yaml")));
        Assert.That(exception.Message, Does.Contain(expected));
    }

    [Test]
    public void Duplicate_offering_and_plan_ids_and_names_are_all_reported()
    {
        WriteService("a", "id: same\nname: same-name\ndescription: d\nbindable: true\nplans:\n" + ValidPlan);
        WriteService("b", "id: same\nname: same-name\ndescription: d\nbindable: true\nplans:\n" + ValidPlan + "\n" + ValidPlan.Replace("plan-1", "plan-2"));
        var exception = Assert.CatchAsync<CatalogException>(async () => await BuildAsync(CatalogFolderLoader.Load(_directory)));
        Assert.That(exception!.Problems, Has.Some.Contains("offering id 'same'"));
        Assert.That(exception.Problems, Has.Some.Contains("offering name 'same-name'"));
        Assert.That(exception.Problems, Has.Some.Contains("plan id 'plan-1'"));
        Assert.That(exception.Problems, Has.Some.Contains("plans[1].name: 'small' is used by another plan"));
    }

    [Test]
    public void A_folder_without_service_yaml_and_a_missing_catalog_folder_are_reported()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "empty"));
        Assert.That(Assert.Throws<CatalogException>(() => CatalogFolderLoader.Load(_directory))!.Message, Does.Contain("no service.yaml"));
        Assert.That(Assert.Throws<CatalogException>(() => CatalogFolderLoader.Load(Path.Combine(_directory, "nowhere")))!.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void A_manifest_file_must_stay_inside_its_folder()
    {
        WriteService("one", "id: s\nname: n\ndescription: d\nbindable: true\nplans:\n  - id: p\n    name: n\n    description: d\n    manifest: {type: dummy, file: ../../etc/passwd}\n");
        Assert.That(Assert.Throws<CatalogException>(() => CatalogFolderLoader.Load(_directory))!.Message, Does.Contain("is not a file in"));
    }

    [Test]
    public void Quoted_scalars_stay_strings_and_plain_ones_are_typed()
    {
        var node = YamlToJson.Parse("a: '1.0'\nb: 1.0\nc: true\nd: 'true'\ne: ~\nf: 12");
        Assert.That(node!.ToJsonString(), Is.EqualTo("""{"a":"1.0","b":1,"c":true,"d":"true","e":null,"f":12}"""));
    }

    private static Task<BrokerCatalog> BuildAsync(IReadOnlyList<ServiceDefinition> definitions)
    {
        // The shipped catalog has docker-compose plans; validating them needs no engine.
        var compose = Options.Create(new DockerComposeOptions());
        var engine = new ComposeEngine(new DockerCli(compose, NullLogger<DockerCli>.Instance), compose, NullLogger<ComposeEngine>.Instance);
        IBackend[] backends = [new DummyBackend(TimeProvider.System), new DockerComposeBackend(engine, compose, TimeProvider.System, NullLogger<DockerComposeBackend>.Instance)];
        return new CatalogBuilder(new BackendRegistry(backends)).BuildAsync(definitions);
    }

    private void WriteService(string folder, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_directory, folder));
        File.WriteAllText(Path.Combine(_directory, folder, "service.yaml"), yaml);
    }
}
