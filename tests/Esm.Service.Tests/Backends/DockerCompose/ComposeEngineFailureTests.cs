using Esm.Client;
using Esm.Service.Backends;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// An engine that goes away or stops answering: each test gives one broker of its own a
/// DOCKER_HOST that is an <see cref="EngineSocket"/>, so the real engine (and every other test) is untouched.
/// </summary>
public sealed class ComposeEngineFailureTests : ComposeTestBase
{
    [Test]
    public async Task An_engine_that_stops_mid_provision_fails_the_operation_cleanly()
    {
        using var engine = EngineSocket.RelayingToTheEngine();
        using var factory = new BrokerFactory(SettingsFor(BrokerId, WorkDirectory, ("DOCKER_HOST", engine.DockerHost), ("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS", "3")));
        var api = new BrokerApi(factory.CreatePlatformClient());
        var id = NewId("instance");

        await api.Instances.ProvisionAsync(ComposeProvisionBody("slow"), id, accepts_incomplete: true);
        await LastOperationWatch.UntilDescriptionAsync(api, id, "0 of 1 services running.");
        engine.Stop();
        var outcome = await LastOperationWatch.UntilEndAsync(api, id);

        // Ended (not still in progress after WaitForEndAsync's generous bound) and failed, with the CLI's reason.
        Assert.That(outcome.State, Is.EqualTo(LastOperationState.Failed));
        Assert.That(outcome.Description, Does.Contain("Cannot connect to the Docker daemon").Or.Contain("not reachable"));
        Assert.That((await api.Catalog.GetCatalogAsync()).StatusCode, Is.EqualTo(200), "the broker stays up");
    }

    [Test]
    public async Task An_engine_that_does_not_answer_fails_a_blocking_provision_within_the_timeout()
    {
        using var engine = EngineSocket.Silent();
        using var factory = new BrokerFactory(SettingsFor(BrokerId, WorkDirectory, ("DOCKER_HOST", engine.DockerHost), ("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS", "1"), ("ESM_COMPOSE_TIMEOUT_SECONDS", "5")));
        var api = new BrokerApi(factory.CreatePlatformClient());

        var (status, error) = await FailureOf(() => api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), NewId("instance")));

        Assert.That(status, Is.EqualTo(500));
        // The reason names the query timeout: the call was cut at ESM_COMPOSE_QUERY_TIMEOUT_SECONDS, not at the operation's 5 s.
        Assert.That(error?.Description, Does.Contain("did not finish within 1 s"));
        Assert.That(await factory.Services.GetServices<IBackend>().Single(b => b.ManifestType == "docker-compose").IsReachableAsync(CancellationToken.None), Is.False);
        Assert.That((await api.Catalog.GetCatalogAsync()).StatusCode, Is.EqualTo(200), "the broker stays up");
    }

    [Test]
    public async Task An_engine_that_went_away_fails_a_deprovision_and_keeps_the_instance()
    {
        using var engine = EngineSocket.RelayingToTheEngine();
        using var factory = new BrokerFactory(SettingsFor(BrokerId, WorkDirectory, ("DOCKER_HOST", engine.DockerHost), ("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS", "3")));
        var api = new BrokerApi(factory.CreatePlatformClient());
        var id = NewId("instance");
        await api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id);
        engine.Stop();

        var (status, error) = await FailureOf(() => api.Instances.DeprovisionAsync(Service, "web-sync", id));

        Assert.That(status, Is.EqualTo(500));
        Assert.That(error?.Description, Does.Contain("not reachable"));
        Assert.That(error?.Instance_usable, Is.True);
        Assert.That((await api.Instances.FetchInstanceAsync(id)).StatusCode, Is.EqualTo(200), "still there, to be deprovisioned again");
    }

    [Test]
    public async Task A_deprovision_that_failed_while_the_engine_was_gone_succeeds_once_it_returns()
    {
        var engine = EngineSocket.RelayingToTheEngine();
        using var factory = new BrokerFactory(SettingsFor(BrokerId, WorkDirectory, ("DOCKER_HOST", engine.DockerHost), ("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS", "3")));
        var api = new BrokerApi(factory.CreatePlatformClient());
        var id = NewId("instance");
        await api.Instances.ProvisionAsync(ComposeProvisionBody("web-sync"), id);
        var path = engine.Path;
        engine.Dispose();

        var (status, error) = await FailureOf(() => api.Instances.DeprovisionAsync(Service, "web-sync", id));
        Assert.That(status, Is.EqualTo(500));
        Assert.That(error?.Instance_usable, Is.True);
        Assert.That((await api.Catalog.GetCatalogAsync()).StatusCode, Is.EqualTo(200), "the broker answers while the engine is gone");

        using var back = EngineSocket.RelayingToTheEngineAt(path);
        Assert.That((await api.Instances.DeprovisionAsync(Service, "web-sync", id)).StatusCode, Is.EqualTo(200), "the retry succeeds");
        Assert.That((await FailureOf(() => api.Instances.FetchInstanceAsync(id))).Status, Is.EqualTo(404));
    }
}
