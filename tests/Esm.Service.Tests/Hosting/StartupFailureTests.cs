using Esm.Service.Stores.Sqlite;
using Esm.Service.Tests.Stores;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hosting;

/// <summary>
/// A broker that cannot start says why in one line and exits with 1: a platform engineer reads the
/// cause in the container's log, not an unhandled exception's stack trace (and exit code 134).
/// </summary>
public sealed class StartupFailureTests
{
    [Test]
    public void An_unknown_store_names_the_stores_there_are() =>
        AssertStartFails(new() { ["ESM_STORE"] = "bogus" }, "ESM_STORE 'bogus' is not a store of this broker: use sqlite (the default), memory or mongodb.");

    [Test]
    public void The_mongodb_store_without_its_uri_says_which_setting_is_missing() =>
        AssertStartFails(new() { ["ESM_STORE"] = "mongodb", ["ESM_MONGO_URI"] = string.Empty }, "ESM_STORE=mongodb needs ESM_MONGO_URI");

    [Test]
    public void An_unreachable_mongodb_names_the_store_and_the_cause() =>
        AssertStartFails(
            new()
            {
                ["ESM_STORE"] = "mongodb",
                ["ESM_MONGO_URI"] = $"mongodb://127.0.0.1:{LoopbackPort.Unused()}/?serverSelectionTimeoutMS=500",
                ["ESM_MONGO_DATABASE"] = "esm",
            },
            "The MongoDB store (database esm) could not be opened: ");

    [Test]
    public void A_sqlite_file_that_cannot_be_created_names_its_path()
    {
        // A path under a regular file: its folder can never be created, whoever runs the test.
        var file = Path.GetTempFileName();
        try
        {
            var path = Path.Combine(file, "esm.db");
            AssertStartFails(new() { ["ESM_STORE"] = "sqlite", ["ESM_SQLITE_PATH"] = path }, $"The SQLite store at {path} could not be opened: ");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void An_empty_sqlite_file_is_not_taken_for_a_new_store()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("esm.db");
        File.WriteAllBytes(path, []);

        AssertStartFails(new() { ["ESM_STORE"] = "sqlite", ["ESM_SQLITE_PATH"] = path }, $"The SQLite store at {path} could not be opened: the file exists but is empty");
        Assert.That(new FileInfo(path).Length, Is.Zero, "left as it was found");
    }

    [TestCase(0, TestName = "A SQLite file whose header is garbage names its path")]
    [TestCase(4096, TestName = "A SQLite file whose pages are garbage names the store")]
    [TestCase(-1, TestName = "A SQLite file whose later half is garbage names the store")]
    public async Task A_damaged_sqlite_file_stops_the_start(int from)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("esm.db");
        var settings = new Dictionary<string, string> { ["ESM_STORE"] = "sqlite", ["ESM_SQLITE_PATH"] = path };
        using (var store = SqliteStore.Open(path))
        {
            for (var i = 0; i < 200; i++)
            {
                await store.Instances.TryInsertAsync(TestRecords.Instance($"i{i}"), CancellationToken.None);
            }
        }

        // Random bytes over everything from the given offset: the schema's pages or the records'.
        var bytes = File.ReadAllBytes(path);
        new Random(7).NextBytes(bytes.AsSpan(from >= 0 ? from : bytes.Length / 2 / 4096 * 4096));
        File.WriteAllBytes(path, bytes);

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => BrokerProcess.StartAsync(settings));
        Assert.That(failure!.Message, Does.StartWith("The broker exited with 1:"));
        Assert.That(failure.Message, Does.Contain($"The SQLite store at {path} could not be opened").Or.Contain("The store could not be read"));
        Assert.That(failure.Message, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public void An_invalid_compose_setting_is_named() =>
        AssertStartFails(new() { ["ESM_COMPOSE_ALLOW"] = "everything" }, "ESM_COMPOSE_ALLOW: 'everything' is not a policy exception");

    [Test]
    public void A_catalog_manifest_with_a_quoted_merge_key_is_named()
    {
        using var catalog = new TemporaryDirectory();
        var offering = Directory.CreateDirectory(catalog.File("merge")).FullName;
        File.WriteAllText(Path.Combine(offering, "service.yaml"), """
            id: merge
            name: merge
            description: A compose file with a quoted merge key.
            bindable: false
            plans:
              - id: merge-plan
                name: plan
                description: d
                manifest: {type: docker-compose, file: app.compose.yaml}
            """);
        File.WriteAllText(Path.Combine(offering, "app.compose.yaml"), "services:\n  app:\n    image: x\n    \"<<\": {privileged: true}\n");

        AssertStartFails(new() { ["ESM_CATALOG_DIR"] = catalog.Path }, "services.app.<<: refused");
    }

    [Test]
    public void The_broker_does_not_start_without_credentials_outside_development() =>
        AssertStartFails(
            new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ESM_ADMIN_PASSWORD"] = string.Empty },
            "ESM refuses to start without credentials: set ESM_ADMIN_PASSWORD");

    private static void AssertStartFails(Dictionary<string, string> settings, string expected)
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => BrokerProcess.StartAsync(settings));

        Assert.That(failure!.Message, Does.StartWith("The broker exited with 1:"));
        Assert.That(failure.Message, Does.Contain(expected));
        Assert.That(failure.Message, Does.Not.Contain("Unhandled exception"));
    }
}
