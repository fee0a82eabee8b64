using System.Net;
using System.Text.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Endpoints;

public sealed class CatalogEndpointTests : BrokerTestBase
{
    [Test]
    public async Task The_catalog_lists_the_offerings_with_their_spec_fields()
    {
        var response = await Api.Catalog.GetCatalogAsync();
        var service = response.Result.Services.Single(s => s.Id == TestPlans.Service);
        Assert.That(service.Bindable, Is.True);
        Assert.That(service.Instances_retrievable, Is.True);
        Assert.That(service.Plans.Single(p => p.Id == TestPlans.Fixed).Plan_updateable, Is.False);
        Assert.That(service.Plans.Single(p => p.Id == TestPlans.Sync).Maintenance_info?.Version, Is.EqualTo("1.0.0"));
        Assert.That(service.Plans.Single(p => p.Id == TestPlans.Sync).Schemas?.Service_instance?.Create?.Parameters, Does.ContainKey("$schema"));
    }

    [Test]
    public async Task Manifests_are_not_part_of_the_catalog_and_absent_fields_are_not_null()
    {
        var text = await Api.Http.GetStringAsync("/v2/catalog");
        Assert.That(text, Does.Not.Contain("manifest").And.Not.Contain("null"));
        using var document = JsonDocument.Parse(text);
        Assert.That(document.RootElement.GetProperty("services").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_unchanged_catalog_is_304_for_its_entity_tag()
    {
        var first = await Api.Http.GetAsync("/v2/catalog");
        var etag = first.Headers.ETag;
        Assert.That(etag, Is.Not.Null);

        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        request.Headers.IfNoneMatch.Add(etag!);
        var second = await Api.Http.SendAsync(request);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(second.Headers.ETag, Is.EqualTo(etag));

        var stale = new HttpRequestMessage(HttpMethod.Get, "/v2/catalog");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"something-else\"");
        Assert.That((await Api.Http.SendAsync(stale)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_generated_client_reports_304_as_not_modified()
    {
        var etag = (await Api.Catalog.GetCatalogAsync()).Headers["ETag"].Single();
        var exception = Assert.CatchAsync<BrokerApiException>(() => Api.Catalog.GetCatalogAsync(etag));
        Assert.That(exception!.StatusCode, Is.EqualTo(304));
    }
}
