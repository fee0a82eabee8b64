using Esm.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Esm.Service.Tests.Support;

/// <summary>
/// The real broker, hosted in-process over the test catalog with the in-memory store. Each
/// fixture gets its own, so no state leaks between fixtures.
/// </summary>
public sealed class BrokerFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string PlatformUser = "platform-user";
    public const string PlatformPassword = "platform-password";
    public const string OperatorUser = "operator-user";
    public const string OperatorPassword = "operator-password";

    /// <summary>Everything the broker logged, formatted.</summary>
    public CapturedLogs Logs { get; } = new();

    public static string TestCatalogDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestCatalog");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ESM_CATALOG_DIR", TestCatalogDirectory);
        builder.UseSetting("ESM_STORE", "memory");
        builder.UseSetting("ESM_BROKER_USERNAME", PlatformUser);
        builder.UseSetting("ESM_BROKER_PASSWORD", PlatformPassword);
        builder.UseSetting("ESM_ADMIN_USERNAME", OperatorUser);
        builder.UseSetting("ESM_ADMIN_PASSWORD", OperatorPassword);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HttpClient with the platform's credentials and X-Broker-API-Version: 2.17.</summary>
    public HttpClient CreatePlatformClient() => BrokerHttpClient.Configure(CreateClient(), PlatformUser, PlatformPassword);

    /// <summary>An HttpClient with the operator's credentials, for /v2/et.</summary>
    public HttpClient CreateOperatorClient() => BrokerHttpClient.Configure(CreateClient(), OperatorUser, OperatorPassword);

    /// <summary>An HttpClient with no credentials and no headers, for wire-level tests.</summary>
    public HttpClient CreateBareClient() => CreateClient();
}
