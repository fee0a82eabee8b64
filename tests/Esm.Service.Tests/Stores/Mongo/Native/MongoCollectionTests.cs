using System.Text.Json;
using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Tests.Stores.Mongo.Native;

[TestFixture]
public sealed class MongoCollectionTests
{
    private MongoConnection? _connection;
    private MongoCollection _collection = null!;

    [SetUp]
    public void SetUp()
    {
        _connection = MongoTestServer.Connect();
        _collection = _connection.GetCollection(MongoTestServer.FreshCollectionName());
    }

    [TearDown]
    public void TearDown() => _connection?.Dispose();

    [Test]
    public void InsertedDocumentIsFoundWithAGeneratedObjectId()
    {
        _collection.InsertOne("""{"key": "a", "count": 3, "tags": ["x", "y"]}""");

        string? found = _collection.FindOne("""{"key": "a"}""");

        Assert.That(found, Is.Not.Null);
        using JsonDocument document = JsonDocument.Parse(found!);
        JsonElement root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("_id").GetProperty("$oid").GetString(), Has.Length.EqualTo(24));
            Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "x", "y" }));
        });
    }

    [Test]
    public void FindOneReturnsNullWhenNothingMatches()
    {
        _collection.InsertOne("""{"key": "a"}""");

        Assert.That(_collection.FindOne("""{"key": "missing"}"""), Is.Null);
    }

    [Test]
    public void FindAppliesFilterSortLimitAndProjection()
    {
        foreach (int n in new[] { 2, 5, 1, 4, 3 })
        {
            _collection.InsertOne($$"""{"group": "g", "n": {{n}}, "name": "doc{{n}}"}""");
        }

        _collection.InsertOne("""{"group": "other", "n": 9, "name": "doc9"}""");

        IReadOnlyList<string> found = _collection.Find(
            """{"group": "g"}""", sortJson: """{"n": -1}""", limit: 3, projectionJson: """{"_id": 0, "n": 1}""");

        Assert.That(found.Select(Normalize), Is.EqualTo(new[] { """{"n":5}""", """{"n":4}""", """{"n":3}""" }));
    }

    [Test]
    public void FindWithoutOptionsReturnsAllMatches()
    {
        _collection.InsertOne("""{"group": "g", "n": 1}""");
        _collection.InsertOne("""{"group": "g", "n": 2}""");
        _collection.InsertOne("""{"group": "h", "n": 3}""");

        Assert.Multiple(() =>
        {
            Assert.That(_collection.Find("""{"group": "g"}"""), Has.Count.EqualTo(2));
            Assert.That(_collection.Find("{}"), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void UpdateWithAStaleVersionInTheFilterMatchesNothing()
    {
        _collection.InsertOne("""{"key": "a", "version": 1, "state": "new"}""");
        const string filter = """{"key": "a", "version": 1}""";
        const string update = """{"$set": {"state": "ready"}, "$inc": {"version": 1}}""";

        UpdateResult first = _collection.UpdateOne(filter, update);
        UpdateResult stale = _collection.UpdateOne(filter, update);

        using JsonDocument stored = JsonDocument.Parse(_collection.FindOne("""{"key": "a"}""")!);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new UpdateResult(MatchedCount: 1, ModifiedCount: 1, UpsertedCount: 0)));
            Assert.That(stale, Is.EqualTo(new UpdateResult(MatchedCount: 0, ModifiedCount: 0, UpsertedCount: 0)));
            Assert.That(stored.RootElement.GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That(stored.RootElement.GetProperty("state").GetString(), Is.EqualTo("ready"));
        });
    }

    [Test]
    public void SecondUpsertWithTheSameKeyMatchesInsteadOfInserting()
    {
        const string filter = """{"key": "k1"}""";
        const string update = """{"$setOnInsert": {"createdBy": "first"}, "$inc": {"hits": 1}}""";

        UpdateResult inserted = _collection.UpdateOne(filter, update, upsert: true);
        UpdateResult matched = _collection.UpdateOne(filter, update.Replace("first", "second", StringComparison.Ordinal), upsert: true);

        using JsonDocument stored = JsonDocument.Parse(_collection.FindOne(filter)!);
        Assert.Multiple(() =>
        {
            Assert.That(inserted, Is.EqualTo(new UpdateResult(MatchedCount: 0, ModifiedCount: 0, UpsertedCount: 1)));
            Assert.That(matched, Is.EqualTo(new UpdateResult(MatchedCount: 1, ModifiedCount: 1, UpsertedCount: 0)));
            Assert.That(_collection.CountDocuments(filter), Is.EqualTo(1));
            Assert.That(stored.RootElement.GetProperty("createdBy").GetString(), Is.EqualTo("first"));
            Assert.That(stored.RootElement.GetProperty("hits").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void DeletesReportHowManyDocumentsTheyRemoved()
    {
        for (int i = 0; i < 3; i++)
        {
            _collection.InsertOne("""{"group": "x"}""");
        }

        _collection.InsertOne("""{"group": "y"}""");

        Assert.Multiple(() =>
        {
            Assert.That(_collection.DeleteOne("""{"group": "x"}"""), Is.EqualTo(1));
            Assert.That(_collection.DeleteMany("""{"group": "x"}"""), Is.EqualTo(2));
            Assert.That(_collection.DeleteMany("""{"group": "x"}"""), Is.EqualTo(0));
            Assert.That(_collection.DeleteOne("""{"group": "x"}"""), Is.EqualTo(0));
            Assert.That(_collection.CountDocuments("{}"), Is.EqualTo(1));
        });
    }

    [Test]
    public void CountDocumentsCountsOnlyMatches()
    {
        Assert.That(_collection.CountDocuments("{}"), Is.EqualTo(0));
        for (int i = 0; i < 4; i++)
        {
            _collection.InsertOne($$"""{"n": {{i}}}""");
        }

        Assert.Multiple(() =>
        {
            Assert.That(_collection.CountDocuments("{}"), Is.EqualTo(4));
            Assert.That(_collection.CountDocuments("""{"n": {"$gte": 2}}"""), Is.EqualTo(2));
        });
    }

    [Test]
    public void CreateIndexSucceedsAndIsIdempotent()
    {
        _collection.CreateIndex("key_unique", """{"key": 1}""", unique: true);
        _collection.CreateIndex("key_unique", """{"key": 1}""", unique: true);
        _collection.CreateIndex("state_plan", """{"state": 1, "planId": -1}""", unique: false);

        _collection.InsertOne("""{"key": "a", "state": "new", "planId": "p"}""");
        Assert.That(_collection.CountDocuments("{}"), Is.EqualTo(1));
    }

    [Test]
    public void InvalidJsonArgumentsAreRejectedWithTheParameterName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => _collection.InsertOne("{not json"),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("documentJson"));
            Assert.That(() => _collection.Find("{}", sortJson: "{\"n\": "),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("sortJson"));
            Assert.That(() => _collection.UpdateOne("""{"key": "a"}""", "[oops"),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("updateJson"));
            Assert.That(() => _collection.CountDocuments(""),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("filterJson"));
            Assert.That(() => _collection.Find("{}", limit: 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        });

        // The rejected calls left the collection usable.
        _collection.InsertOne("""{"key": "a"}""");
        Assert.That(_collection.CountDocuments("{}"), Is.EqualTo(1));
    }

    [Test]
    public void AnUpdateWithoutOperatorsIsRejectedByTheDriver()
    {
        Assert.That(() => _collection.UpdateOne("""{"key": "a"}""", """{"key": "b"}"""),
            Throws.TypeOf<MongoException>().With.Message.Not.Empty);
    }

    // Compares documents independently of libbson's JSON whitespace.
    [Test]
    public void AServerErrorCarriesTheServersMessageAndDomain()
    {
        _collection.InsertOne("""{"key": "a"}""");

        MongoException? error = Assert.Throws<MongoException>(() => _collection.Find("""{"key": {"$noSuchOperator": 1}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Domain, Is.EqualTo(MongoException.ServerDomain));
            Assert.That(error.Message, Does.Contain("$noSuchOperator"));
        });
    }

    private static string Normalize(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
