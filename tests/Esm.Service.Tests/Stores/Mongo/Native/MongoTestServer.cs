using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Tests.Stores.Mongo.Native;

/// <summary>
/// Where the MongoDB tests find a server (env <c>ESM_TEST_MONGO_URI</c>), and what happens without one:
/// skipped locally, a failure in CI (<c>CI=true</c>), where the pipeline is responsible for starting it.
/// </summary>
internal static class MongoTestServer
{
    public const string DefaultUri = "mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=2000";
    public const string DatabaseName = "esm_native_tests";

    private static readonly Lazy<string?> DriverMissingReason = new(ProbeDriver);
    private static readonly Lazy<string?> ServerMissingReason = new(ProbeServer);

    public static string Uri =>
        Environment.GetEnvironmentVariable("ESM_TEST_MONGO_URI") is { Length: > 0 } uri ? uri : DefaultUri;

    /// <summary>A connection to the test server, or the test is skipped (failed in CI) when none answers.</summary>
    public static MongoConnection Connect()
    {
        Require(ServerMissingReason.Value);
        return new MongoConnection(Uri, DatabaseName);
    }

    /// <summary>For tests that need libmongoc but no server.</summary>
    public static void RequireNativeDriver() => Require(DriverMissingReason.Value);

    /// <summary>A collection name no other test (or earlier run against the same server) uses.</summary>
    public static string FreshCollectionName() => $"native_{Guid.NewGuid():N}";

    private static void Require(string? missingReason)
    {
        if (missingReason is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{missingReason} (CI=true, so this is a failure, not a skip)");
        }

        Assert.Ignore(missingReason);
    }

    private static string? ProbeDriver()
    {
        try
        {
            using var connection = new MongoConnection(DefaultUri, DatabaseName);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return $"libmongoc is not installed (apt-get install libmongoc-1.0-0): {e.Message}";
        }
    }

    private static string? ProbeServer()
    {
        if (DriverMissingReason.Value is string driverMissing)
        {
            return driverMissing;
        }

        try
        {
            using var connection = new MongoConnection(Uri, DatabaseName);
            connection.Ping();
            return null;
        }
        catch (MongoException e)
        {
            return $"No MongoDB server answers at {Uri} (set ESM_TEST_MONGO_URI): {e.Message}";
        }
    }
}
