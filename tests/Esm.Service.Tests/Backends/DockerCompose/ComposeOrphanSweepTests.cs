using Esm.Service.Backends.DockerCompose;
using Esm.Service.Operations;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// The orphan sweep on the compose backend: projects of this broker and this store whose instance
/// the store no longer has are removed; nothing else is, above all not the projects of a store
/// that lost its data and began anew.
/// </summary>
public sealed class ComposeOrphanSweepTests : ComposeTestBase
{
    [Test]
    public async Task A_broker_on_a_new_store_leaves_the_projects_an_earlier_store_labelled()
    {
        string project;
        using (var before = new BrokerFactory(BrokerSettings))
        {
            var api = new BrokerApi(before.CreatePlatformClient());
            var id = NewId("instance");
            await api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id);
            project = (await new BrokerApi(before.CreateOperatorClient()).OperatorInstances.GetInstanceDetailAsync(id)).Result.Live!["project"].GetString()!;
        }

        // The same broker id and work directory over an empty (in-memory) store: a lost database,
        // which must not take the instances still running for orphans.
        using var after = new BrokerFactory(BrokerSettings);
        after.CreatePlatformClient();

        var removed = await SweepAsync(after);

        Assert.That(removed, Is.Zero);
        Assert.That(await DockerEngine.LabelledAsync("ps", $"com.docker.compose.project={project}"), Has.Count.EqualTo(1), "the container still runs");
        Assert.That(Directory.Exists(Path.Combine(WorkDirectory, project)), Is.True);
        Assert.That(after.Logs.Lines, Has.Some.Contains("carry this broker's id but not its store's identity").And.Contains(project));
    }

    [Test]
    public async Task A_sweep_keeps_live_instances_and_the_projects_of_other_brokers()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var project = await ProjectOfAsync(id);
        using var other = new BrokerFactory(SettingsFor($"esm-test-{Guid.NewGuid():N}", WorkDirectory));
        other.CreatePlatformClient();

        var removedHere = await SweepAsync(Factory);
        var removedThere = await SweepAsync(other);

        Assert.That((removedHere, removedThere), Is.EqualTo((0, 0)));
        Assert.That(await DockerEngine.LabelledAsync("ps", $"com.docker.compose.project={project}"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_instance_deleted_from_the_store_is_swept()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var project = await ProjectOfAsync(id);
        var store = Factory.Services.GetRequiredService<Esm.Service.Stores.IStore>();
        var record = await store.Instances.GetAsync(id, CancellationToken.None);
        await store.Instances.TryDeleteAsync(id, record!.Version, CancellationToken.None);

        var removed = await SweepAsync(Factory);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await ResourceCountAsync(project), Is.Zero);
    }

    private static Task<int> SweepAsync(BrokerFactory broker) =>
        broker.Services.GetRequiredService<OrphanSweeper>().SweepAsync(broker.Services.GetRequiredService<DockerComposeBackend>(), CancellationToken.None);
}
