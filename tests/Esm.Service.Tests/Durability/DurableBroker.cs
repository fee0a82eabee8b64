using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>
/// A broker process on a SQLite file that outlives it: start, kill -9, start again on the same
/// file (and catalog folder), as an operator's host would after a crash. Operation claims last
/// <see cref="LeaseSeconds"/>, so a killed broker's work is taken over within seconds.
/// </summary>
public sealed class DurableBroker(string directory, string? catalogDirectory = null) : IAsyncDisposable
{
    private BrokerProcess? _process;

    public const int LeaseSeconds = 2;

    public string DatabasePath => Path.Combine(directory, "esm.db");

    public BrokerProcess Process => _process ?? throw new InvalidOperationException("Start the broker first.");

    public BrokerApi Platform { get; private set; } = null!;

    public BrokerApi Operator { get; private set; } = null!;

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["ESM_STORE"] = "sqlite",
            ["ESM_SQLITE_PATH"] = DatabasePath,
            ["ESM_OPERATION_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (catalogDirectory is not null)
        {
            settings["ESM_CATALOG_DIR"] = catalogDirectory;
        }

        _process = await BrokerProcess.StartAsync(settings);
        Platform = new BrokerApi(Esm.Client.BrokerHttpClient.Create(_process.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword));
        Operator = new BrokerApi(Esm.Client.BrokerHttpClient.Create(_process.Address, BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword));
    }

    /// <summary>SIGKILL, then a new process on the same database.</summary>
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
