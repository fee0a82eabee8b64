using Esm.Service.Tests.Stores.Mongo;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>
/// A broker process on a durable store that outlives it: start, kill -9, start again on the same
/// data (and catalog folder), as an operator's host would after a crash. Operation claims last
/// <see cref="LeaseSeconds"/>, so a killed broker's work is taken over within seconds, and the
/// catalog is read again every <see cref="CatalogRefreshSeconds"/>.
/// </summary>
public sealed class DurableBroker(IReadOnlyDictionary<string, string> storeSettings, string? catalogDirectory = null) : IAsyncDisposable
{
    public const int LeaseSeconds = 1;

    /// <summary>How often a replica serves the catalog the store holds (a change made through another reaches it).</summary>
    public const int CatalogRefreshSeconds = 1;

    private BrokerProcess? _process;

    public BrokerProcess Process => _process ?? throw new InvalidOperationException("Start the broker first.");

    public BrokerApi Platform { get; private set; } = null!;

    public BrokerApi Operator { get; private set; } = null!;

    /// <summary>The settings of a SQLite store in <paramref name="directory"/>.</summary>
    public static IReadOnlyDictionary<string, string> Sqlite(string directory) => new Dictionary<string, string>
    {
        ["ESM_STORE"] = "sqlite",
        ["ESM_SQLITE_PATH"] = Path.Combine(directory, "esm.db"),
    };

    /// <summary>The settings of a fresh MongoDB database on the test server (the test is skipped, or failed in CI, without one).</summary>
    public static IReadOnlyDictionary<string, string> Mongo()
    {
        MongoTestServer.Require();
        return new Dictionary<string, string>
        {
            ["ESM_STORE"] = "mongodb",
            ["ESM_MONGO_URI"] = MongoTestServer.Uri,
            ["ESM_MONGO_DATABASE"] = $"esm_durable_{Guid.NewGuid():N}",
        };
    }

    /// <summary>The store settings for a store named by a test case: sqlite or mongodb.</summary>
    public static IReadOnlyDictionary<string, string> Store(string store, string directory) =>
        store == "mongodb" ? Mongo() : Sqlite(directory);

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string>(storeSettings)
        {
            ["ESM_OPERATION_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ESM_CATALOG_REFRESH_SECONDS"] = CatalogRefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (catalogDirectory is not null)
        {
            settings["ESM_CATALOG_DIR"] = catalogDirectory;
        }

        _process = await BrokerProcess.StartAsync(settings);
        Platform = new BrokerApi(Esm.Client.BrokerHttpClient.Create(_process.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword));
        Operator = new BrokerApi(Esm.Client.BrokerHttpClient.Create(_process.Address, BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword));
    }

    /// <summary>SIGKILL, then a new process on the same data.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Process.KillAsync();
        await Process.DisposeAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
