using System.Net;
using System.Text.Json;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;
using Esm.Service.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Esm.Service.Tests.Health;

public sealed class HealthTests : BrokerTestBase
{
    [Test]
    public async Task Live_answers_without_credentials()
    {
        var response = await Factory.CreateBareClient().GetAsync("/health/live");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"healthy\""));
    }

    [Test]
    public async Task Ready_reports_the_store_and_each_backend_and_no_secret()
    {
        var response = await Factory.CreateBareClient().GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using var body = JsonDocument.Parse(text);
        Assert.That(body.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(body.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data").GetProperty("dummy").GetString(), Is.EqualTo("reachable"));
        Assert.That(text, Does.Not.Contain(BrokerFactory.PlatformPassword).And.Not.Contain(BrokerFactory.OperatorPassword));
    }

    [Test]
    public async Task Ready_is_503_when_the_store_does_not_answer()
    {
        using var factory = new BrokerFactory();
        using var unreachable = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IStore>(new UnreachableStore())));
        var response = await unreachable.CreateClient().GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("The store does not answer."));
        Assert.That((await unreachable.CreateClient().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive all the same");
    }

    /// <summary>A store that holds data but says it cannot be reached, as a database behind a broken network would.</summary>
    private sealed class UnreachableStore : IStore
    {
        private readonly InMemoryStore _inner = new();

        public IRecordCollection<ServiceInstanceRecord> Instances => _inner.Instances;

        public IRecordCollection<ServiceBindingRecord> Bindings => _inner.Bindings;

        public IRecordCollection<ServiceTypeRecord> ServiceTypes => _inner.ServiceTypes;

        public IRecordCollection<PlanManifest> Manifests => _inner.Manifests;

        public string Identity => _inner.Identity;

        public StoreDamage Damage => _inner.Damage;

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
