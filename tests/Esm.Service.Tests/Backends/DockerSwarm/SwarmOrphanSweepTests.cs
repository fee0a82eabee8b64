using Esm.Service.Backends.DockerCompose.Swarm;
using Esm.Service.Operations;
using Esm.Service.Stores;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>The orphan sweep on the swarm backend: stacks of this broker and store whose instance is gone are removed, no other.</summary>
public sealed class SwarmOrphanSweepTests : SwarmTestBase
{
    [Test]
    public async Task An_instance_deleted_from_the_store_is_swept_and_a_new_store_leaves_the_stacks_alone()
    {
        var (kept, _) = await ProvisionAsync("swarm-web-sync");
        var (deleted, _) = await ProvisionAsync("swarm-web-sync");
        var keptStack = await StackOfAsync(kept);
        var deletedStack = await StackOfAsync(deleted);

        // The same broker id over an empty (in-memory) store: a lost database, whose sweep must take nothing.
        using (var lost = new BrokerFactory(BrokerSettings))
        {
            lost.CreatePlatformClient();
            Assert.That(await SweepAsync(lost), Is.Zero);
        }

        var store = Factory.Services.GetRequiredService<IStore>();
        var record = await store.Instances.GetAsync(deleted, CancellationToken.None);
        await store.Instances.TryDeleteAsync(deleted, record!.Version, CancellationToken.None);
        var removed = await SweepAsync(Factory);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await DockerSwarm.ResourceCountAsync(deletedStack), Is.Zero);
        Assert.That(await DockerSwarm.ResourceCountAsync(keptStack), Is.EqualTo(5), "the live instance's stack is untouched");
    }

    private static Task<int> SweepAsync(BrokerFactory broker) =>
        broker.Services.GetRequiredService<OrphanSweeper>().SweepAsync(broker.Services.GetRequiredService<DockerSwarmBackend>(), CancellationToken.None);
}
