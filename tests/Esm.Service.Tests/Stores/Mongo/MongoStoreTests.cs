using System.Text.Json.Nodes;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Stores.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>What is particular to MongoDB: the document layout, user JSON MongoDB would refuse as field names, concurrency on the server.</summary>
[TestFixture]
public sealed class MongoStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private string _databaseName = null!;
    private MongoStore? _store;

    private MongoStore Store => _store!;

    [SetUp]
    public void SetUp()
    {
        _databaseName = MongoTestDatabase.FreshName();
        _store = MongoTestDatabase.Open(_databaseName);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    [Test]
    public async Task ARecordIsOneDocumentWithAServerIdItsKeyVersionBodyTextAndFields()
    {
        var inserted = await Store.Manifests.TryInsertAsync(Manifest("m-1"), CancellationToken.None);
        await Store.Manifests.TryReplaceAsync(inserted! with { PlanId = "plan-b" }, CancellationToken.None);

        var documents = await MongoTestServer.Database(_databaseName).GetCollection<BsonDocument>("manifests").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();

        Assert.That(documents, Has.Count.EqualTo(1));
        var root = documents[0];
        Assert.Multiple(() =>
        {
            Assert.That(root["_id"].IsObjectId, Is.True);
            Assert.That(root["key"].AsString, Is.EqualTo("m-1"));
            Assert.That(root["version"].ToInt64(), Is.EqualTo(2));
            Assert.That(root["fields"][IndexedField.PlanId].AsString, Is.EqualTo("plan-b"));
            var body = JsonNode.Parse(root["body"].AsString)!;
            Assert.That(body["plan_id"]!.GetValue<string>(), Is.EqualTo("plan-b"));
            Assert.That(body["version"]!.GetValue<long>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task JsonThatMongoDbWouldRefuseAsFieldNamesRoundTripsExactly()
    {
        var schema = JsonNode.Parse("""
            {
              "$schema": "http://json-schema.org/draft-04/schema#",
              "$ref": "#/definitions/a",
              "properties": { "a.b": { "type": "string" }, "$id": { "const": "x.y" }, "": 1 },
              "definitions": { "a": { "$oid": "not an object id", "$numberLong": "12" } }
            }
            """)!.AsObject();
        var record = ServiceType("s-1") with { Declared = schema };

        await Store.ServiceTypes.TryInsertAsync(record, CancellationToken.None);
        var read = await Store.ServiceTypes.GetAsync("s-1", CancellationToken.None);

        Assert.That(read!.Declared.ToJsonString(), Is.EqualTo(schema.ToJsonString()));
    }

    [TestCase("with.dots.and $dollar")]
    [TestCase("quote \" backslash \\ slash /")]
    [TestCase("nul \0 tab \t newline \n")]
    [TestCase("astral 😀 and private use \uE000")]
    public async Task AnyKeyIsStoredFoundAndListed(string key)
    {
        await Store.Manifests.TryInsertAsync(Manifest(key), CancellationToken.None);

        var read = await Store.Manifests.GetAsync(key, CancellationToken.None);
        var page = await Store.Manifests.ListAsync(RecordQuery.All(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(read?.ManifestId, Is.EqualTo(key));
            Assert.That(page.Items.Select(m => m.ManifestId), Is.EqualTo(new[] { key }));
        });
    }

    [Test]
    public async Task PagesLargerThanTheServersFirstBatchAreComplete()
    {
        const int count = 250;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Store.Manifests.TryInsertAsync(Manifest($"m-{i:D3}"), CancellationToken.None)));

        var first = await Store.Manifests.ListAsync(RecordQuery.All(limit: 150), CancellationToken.None);
        var second = await Store.Manifests.ListAsync(RecordQuery.All(limit: 150) with { AfterKey = first.NextAfterKey }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Items, Has.Count.EqualTo(150));
            Assert.That(first.NextAfterKey, Is.EqualTo("m-149"));
            Assert.That(second.Items.Select(m => m.ManifestId), Is.EqualTo(Enumerable.Range(150, 100).Select(i => $"m-{i:D3}")));
            Assert.That(second.NextAfterKey, Is.Null);
        });
    }

    [Test]
    public async Task OfConcurrentInsertsOfOneKeyExactlyOneSucceeds()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Store.Manifests.TryInsertAsync(Manifest("contested") with { ManifestType = $"type-{i}" }, CancellationToken.None)));

        var winner = results.Single(r => r is not null)!;
        var stored = await Store.Manifests.GetAsync("contested", CancellationToken.None);
        var listed = await Store.Manifests.ListAsync(RecordQuery.All(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(stored!.ManifestType, Is.EqualTo(winner.ManifestType));
            Assert.That(listed.Items, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task OfConcurrentReplacesOfOneVersionExactlyOneSucceeds()
    {
        var inserted = (await Store.Manifests.TryInsertAsync(Manifest("contested"), CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Store.Manifests.TryReplaceAsync(inserted with { ManifestType = $"type-{i}" }, CancellationToken.None)));

        var winner = results.Single(r => r is not null)!;
        var stored = await Store.Manifests.GetAsync("contested", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.ManifestType, Is.EqualTo(winner.ManifestType));
            Assert.That(stored.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public void AQueryOnAFieldNameThatIsNotAnIdentifierIsRefused()
    {
        Assert.That(
            () => Store.Manifests.ListAsync(RecordQuery.Matching("plan_id.$ne", "x"), CancellationToken.None),
            Throws.ArgumentException);
    }

    [Test]
    public async Task TheTestServerIsReachable() =>
        Assert.That(await Store.IsReachableAsync(CancellationToken.None), Is.True);

    private static PlanManifest Manifest(string id) => new()
    {
        ManifestId = id,
        ServiceId = "service-a",
        PlanId = "plan-a",
        ManifestType = "docker-compose",
        UpdatedAt = Now,
    };

    private static ServiceTypeRecord ServiceType(string id) => new()
    {
        ServiceId = id,
        Name = "name-a",
        Declared = [],
        Origin = ServiceTypeRecord.OperatorApi,
        UpdatedAt = Now,
    };
}
