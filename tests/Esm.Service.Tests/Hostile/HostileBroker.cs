using System.Globalization;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// The broker the hostile suites attack: the test broker with a small body limit (so that
/// oversized bodies stay cheap to send), no lockout after failed logins (bad credentials are
/// part of the attack, and the fixture must still be able to look at the store), a quiet
/// console, and every folder it may write to (the SQLite file when the suite runs on SQLite,
/// the compose backend's work folder) under one temporary root that the suites inspect.
/// </summary>
public sealed class HostileBroker : IDisposable
{
    public const int BodyLimitBytes = 64 * 1024;

    /// <summary>The database files a SQLite store keeps beside its path; nothing else may appear.</summary>
    public static readonly IReadOnlySet<string> StoreFiles = new HashSet<string>(["esm.db", "esm.db-wal", "esm.db-shm", "esm.db-journal"], StringComparer.Ordinal);

    private readonly HttpClient _http;

    public HostileBroker()
    {
        Root = Directory.CreateTempSubdirectory("esm-hostile-").FullName;
        var brokerDirectory = Directory.CreateDirectory(Path.Combine(Root, "broker")).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ESM_MAX_BODY_BYTES"] = BodyLimitBytes.ToString(CultureInfo.InvariantCulture),
            ["ESM_AUTH_FAILURES_PER_MINUTE"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            ["ESM_COMPOSE_WORK_DIR"] = Path.Combine(brokerDirectory, "compose"),
            ["ESM_COMPOSE_SWEEP_SECONDS"] = "0",
            ["Logging:Console:LogLevel:Default"] = "None",
        };
        if (BrokerFactory.TestStore == "sqlite")
        {
            settings["ESM_SQLITE_PATH"] = Path.Combine(brokerDirectory, "esm.db");
        }

        Factory = new BrokerFactory(settings);
        _http = Factory.CreateBareClient();
        Platform = new BrokerApi(Factory.CreatePlatformClient());
        Operator = new BrokerApi(Factory.CreateOperatorClient());
    }

    public BrokerFactory Factory { get; }

    /// <summary>The temporary folder that holds every folder the broker writes to.</summary>
    public string Root { get; }

    public BrokerApi Platform { get; }

    public BrokerApi Operator { get; }

    /// <summary>Sends a hostile request and counts it.</summary>
    public async Task<HttpResponseMessage> SendAsync(HostileRequest request)
    {
        HostileInputTally.Count();
        using var message = request.ToMessage();
        return await _http.SendAsync(message);
    }

    /// <summary>
    /// When the current test failed, shows the broker's last errors: a 5xx is explained by the
    /// log, not by the response, which says nothing of the internals.
    /// </summary>
    public void ReportErrorsOfFailedTest()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            return;
        }

        foreach (var error in Factory.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(3))
        {
            TestContext.Out.WriteLine(error.Length > 3000 ? error[..3000] : error);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Factory.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
