using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Esm.Bench;

/// <summary>
/// The HTTP client of the load generator, the same for the broker and the ceiling: HTTP/1.1
/// keep-alive, one pooled connection per worker, the Platform's credentials and API version on
/// every request. It only ever talks to 127.0.0.1.
/// </summary>
internal static class BenchHttp
{
    public const string PlatformUser = "bench-platform";
    public const string PlatformPassword = "bench-platform-secret";
    public const string OperatorUser = "bench-operator";
    public const string OperatorPassword = "bench-operator-secret";

    /// <summary>A request that takes longer than this is an error; it bounds every wait on the server.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static HttpClient Create(int port, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            // Connections live as long as the scenario: opening them is not what is measured.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PlatformUser}:{PlatformPassword}")));
        client.DefaultRequestHeaders.Add("X-Broker-API-Version", "2.17");
        return client;
    }
}
