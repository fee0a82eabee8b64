using Esm.Client;

namespace Esm.Cli.Connection;

/// <summary>
/// The generated operator clients on one HttpClient, for the broker at --url (else ESM_URL) with
/// the operator credentials from ESM_ADMIN_USERNAME and ESM_ADMIN_PASSWORD: never options, so that
/// a password stays out of shell history and process listings.
/// </summary>
public sealed class BrokerConnection : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private readonly HttpClient _http;

    private BrokerConnection(HttpClient http)
    {
        _http = http;
        Instances = new OperatorInstancesClient(http);
        Catalog = new OperatorCatalogClient(http);
        Manifests = new OperatorManifestsClient(http);
    }

    public Uri Address => _http.BaseAddress!;

    public OperatorInstancesClient Instances { get; }

    public OperatorCatalogClient Catalog { get; }

    public OperatorManifestsClient Manifests { get; }

    /// <param name="environment">Reads an environment variable (the process's, or a test's).</param>
    public static BrokerConnection Open(string? url, Func<string, string?> environment)
    {
        var address = string.IsNullOrWhiteSpace(url) ? environment("ESM_URL") : url;
        address = string.IsNullOrWhiteSpace(address) ? DefaultUrl : address;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{address}' is not an http:// or https:// address (--url, ESM_URL).");
        }

        var username = environment("ESM_ADMIN_USERNAME");
        var password = environment("ESM_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            throw new UsageException("Set ESM_ADMIN_USERNAME and ESM_ADMIN_PASSWORD to the broker's operator credentials.");
        }

        return new BrokerConnection(BrokerHttpClient.Create(uri, username, password));
    }

    public void Dispose() => _http.Dispose();
}
