using System.Net;
using Esm.Service.Failures;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Esm.Service.Hosting;

/// <summary>
/// ESM_TRUSTED_PROXIES: the addresses and networks (comma-separated, e.g. <c>10.0.0.5,172.16.0.0/12</c>)
/// whose <c>X-Forwarded-For</c> names the client. From anyone else the header is ignored: a client
/// could otherwise name any address and dodge the failed-login limit, or have another's counted.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "ESM_TRUSTED_PROXIES";

    /// <summary>Whether any proxy is trusted: without one, the forwarded-headers middleware must not run at all.</summary>
    public static bool AreConfigured(IConfiguration configuration) => Entries(configuration).Length > 0;

    /// <exception cref="StartupException">An entry is neither an address nor a network.</exception>
    public static void AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in Entries(configuration))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new StartupException($"{Setting}: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only X-Forwarded-For, and from the proxies named here alone: the defaults trust
            // loopback, and with both lists empty the middleware would trust everyone.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
    }

    private static string[] Entries(IConfiguration configuration) =>
        (configuration[Setting] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
