using Esm.Client;
using Esm.Service.Tests.Backends.DockerCompose;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>A swarm manager that goes away mid-operation, through an <see cref="EngineSocket"/> of the test's own broker.</summary>
public sealed class SwarmEngineFailureTests : SwarmTestBase
{
    [Test]
    public async Task An_engine_that_stops_mid_provision_fails_the_operation_cleanly()
    {
        using var engine = EngineSocket.RelayingToTheEngine();
        using var factory = new BrokerFactory(SettingsFor(BrokerId, ("DOCKER_HOST", engine.DockerHost), ("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS", "3")));
        var api = new BrokerApi(factory.CreatePlatformClient());
        var id = NewId("instance");

        await api.Instances.ProvisionAsync(SwarmProvisionBody("swarm-slow"), id, accepts_incomplete: true);
        await LastOperationWatch.UntilDescriptionAsync(api, id, "app 0 of 1 tasks running.");
        engine.Stop();
        var outcome = await LastOperationWatch.UntilEndAsync(api, id);

        // Ended (not still in progress after the watch's generous bound) and failed, with the CLI's reason.
        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Description, Does.Contain("Cannot connect to the Docker daemon"));
        Assert.That((await api.Catalog.GetCatalogAsync()).StatusCode, Is.EqualTo(200), "the broker stays up");
    }
}
