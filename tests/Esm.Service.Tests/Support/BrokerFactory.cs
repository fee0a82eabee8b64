using Esm.Client;
using Esm.Service.Tests.Stores.Mongo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Esm.Service.Tests.Support;

/// <summary>
/// The real broker, hosted in-process over the test catalog. Each fixture gets its own, so no
/// state leaks between fixtures. The store is the in-memory one unless ESM_TEST_STORE names
/// another (sqlite: a fresh file; mongodb: a fresh database at ESM_TEST_MONGO_URI), which is how
/// the test matrix runs the same API suite on every store.
/// </summary>
public sealed class BrokerFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string PlatformUser = "platform-user";
    public const string PlatformPassword = "platform-password";
    public const string OperatorUser = "operator-user";
    public const string OperatorPassword = "operator-password";

    private string? _sqliteDirectory;

    /// <summary>Everything the broker logged, formatted.</summary>
    public CapturedLogs Logs { get; } = new();

    public static string TestCatalogDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestCatalog");

    /// <summary>The store the API suite runs on (ESM_TEST_STORE).</summary>
    public static string TestStore => Environment.GetEnvironmentVariable("ESM_TEST_STORE") ?? "memory";

    /// <summary>An HttpClient with the platform's credentials and X-Broker-API-Version: 2.17.</summary>
    public HttpClient CreatePlatformClient() => BrokerHttpClient.Configure(CreateClient(), PlatformUser, PlatformPassword);

    /// <summary>An HttpClient with the operator's credentials, for /v2/et.</summary>
    public HttpClient CreateOperatorClient() => BrokerHttpClient.Configure(CreateClient(), OperatorUser, OperatorPassword);

    /// <summary>An HttpClient with no credentials and no headers, for wire-level tests.</summary>
    public HttpClient CreateBareClient() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ESM_CATALOG_DIR", TestCatalogDirectory);
        foreach (var (key, value) in StoreSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("ESM_BROKER_USERNAME", PlatformUser);
        builder.UseSetting("ESM_BROKER_PASSWORD", PlatformPassword);
        builder.UseSetting("ESM_ADMIN_USERNAME", OperatorUser);
        builder.UseSetting("ESM_ADMIN_PASSWORD", OperatorPassword);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));

        // Its own scope on a shared Docker engine: the orphan sweep of a test broker, whose store
        // is empty, must never take compose projects of another broker (or of a developer's own).
        builder.UseSetting("ESM_COMPOSE_BROKER_ID", $"esm-test-{Guid.NewGuid():N}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _sqliteDirectory is not null && Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    private IEnumerable<(string Key, string Value)> StoreSettings()
    {
        yield return ("ESM_STORE", TestStore);
        if (TestStore == "sqlite")
        {
            _sqliteDirectory = Directory.CreateTempSubdirectory("esm-api-").FullName;
            yield return ("ESM_SQLITE_PATH", Path.Combine(_sqliteDirectory, "esm.db"));
        }
        else if (TestStore == "mongodb")
        {
            yield return ("ESM_MONGO_URI", MongoTestServer.Uri);
            yield return ("ESM_MONGO_DATABASE", $"esm_api_{Guid.NewGuid():N}");
        }
    }
}
