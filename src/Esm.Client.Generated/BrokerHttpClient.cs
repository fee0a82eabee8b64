using System.Net.Http.Headers;
using System.Text;

namespace Esm.Client;

/// <summary>
/// Makes the HttpClient the generated clients share: the broker's address, HTTP Basic
/// credentials and the X-Broker-API-Version header every OSB request must carry.
/// </summary>
public static class BrokerHttpClient
{
    /// <summary>The OSB API version this client was generated for.</summary>
    public const string ApiVersion = "2.17";

    /// <summary>A new HttpClient for the broker at <paramref name="baseAddress"/>.</summary>
    public static HttpClient Create(Uri baseAddress, string username, string password) =>
        Configure(new HttpClient { BaseAddress = baseAddress }, username, password);

    /// <summary>Sets the credentials and the version header on an existing HttpClient (e.g. a test server's).</summary>
    public static HttpClient Configure(HttpClient client, string username, string password)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        client.DefaultRequestHeaders.Remove("X-Broker-API-Version");
        client.DefaultRequestHeaders.Add("X-Broker-API-Version", ApiVersion);
        return client;
    }
}
