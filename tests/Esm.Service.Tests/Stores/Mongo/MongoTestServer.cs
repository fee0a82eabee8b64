using MongoDB.Bson;
using MongoDB.Driver;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>
/// Where the MongoDB tests find a server (env <c>ESM_TEST_MONGO_URI</c>), and what happens without one:
/// skipped locally, a failure in CI (<c>CI=true</c>), where the pipeline is responsible for starting it.
/// </summary>
internal static class MongoTestServer
{
    /// <summary>
    /// The emulator CI starts. Polled server monitoring: it answers the driver's streaming
    /// heartbeat (an awaitable hello) at once instead of holding it, so streaming would spin.
    /// </summary>
    public const string DefaultUri = "mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=2000&serverMonitoringMode=poll";

    private static readonly Lazy<MongoClient> Client = new(() => new MongoClient(Uri));
    private static readonly Lazy<string?> ServerMissingReason = new(Probe);

    public static string Uri =>
        Environment.GetEnvironmentVariable("ESM_TEST_MONGO_URI") is { Length: > 0 } uri ? uri : DefaultUri;

    /// <summary>Skips the test (fails it in CI) when no server answers.</summary>
    public static void Require()
    {
        if (ServerMissingReason.Value is not { } reason)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{reason} (CI=true, so this is a failure, not a skip)");
        }

        Assert.Ignore(reason);
    }

    /// <summary>A database of the test server, to look at what a store wrote (the test is skipped or failed without a server).</summary>
    public static IMongoDatabase Database(string name)
    {
        Require();
        return Client.Value.GetDatabase(name);
    }

    private static string? Probe()
    {
        try
        {
            Client.Value.GetDatabase("admin").RunCommand<BsonDocument>(new BsonDocument("ping", 1));
            return null;
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return $"No MongoDB server answers at {Uri} (set ESM_TEST_MONGO_URI): {e.Message.Split('\n')[0]}";
        }
    }
}
