using Esm.Service.Backends.DockerCompose;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>The orphan sweep: projects of this broker whose instance the store no longer has are removed; nothing else is.</summary>
public sealed class ComposeOrphanSweepTests : ComposeTestBase
{
    [Test]
    public async Task At_start_a_broker_removes_the_projects_of_instances_its_store_does_not_have()
    {
        string project;
        using (var before = new BrokerFactory(BrokerSettings))
        {
            var api = new BrokerApi(before.CreatePlatformClient());
            var id = NewId("instance");
            await api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id);
            project = (await new BrokerApi(before.CreateOperatorClient()).OperatorInstances.GetInstanceDetailAsync(id)).Result.Live!["project"].GetString()!;
        }

        // The same broker id and work directory over an empty (in-memory) store: a lost database.
        using var after = new BrokerFactory(BrokerSettings);
        after.CreatePlatformClient();
        await WaitUntilAsync(() => after.Logs.Lines.Any(l => l.Contains($"removed compose project {project}", StringComparison.Ordinal)));

        Assert.That(await ResourceCountAsync(project), Is.Zero);
        Assert.That(Directory.Exists(Path.Combine(WorkDirectory, project)), Is.False);
    }

    [Test]
    public async Task A_sweep_keeps_live_instances_and_the_projects_of_other_brokers()
    {
        var (id, _) = await ProvisionAsync("web-sync");
        var project = await ProjectOfAsync(id);
        using var other = new BrokerFactory(SettingsFor($"esm-test-{Guid.NewGuid():N}", WorkDirectory));
        other.CreatePlatformClient();

        var removedHere = await Factory.Services.GetRequiredService<ComposeOrphanSweeper>().SweepAsync(CancellationToken.None);
        var removedThere = await other.Services.GetRequiredService<ComposeOrphanSweeper>().SweepAsync(CancellationToken.None);

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

        var removed = await Factory.Services.GetRequiredService<ComposeOrphanSweeper>().SweepAsync(CancellationToken.None);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await ResourceCountAsync(project), Is.Zero);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the sweep did not remove the project within 20 s");
            }

            await Task.Delay(200);
        }
    }
}
