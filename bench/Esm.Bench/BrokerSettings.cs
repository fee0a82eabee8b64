using System.Globalization;

namespace Esm.Bench;

/// <summary>
/// The environment of a benchmarked broker: Production, as deployed, with the benchmark's catalog
/// and the given store, and the shipped logging (appsettings.json: one line per request), since
/// that is what an operator runs.
/// </summary>
internal static class BrokerSettings
{
    public static Dictionary<string, string> For(BenchStore store, int port, RepositoryPaths paths)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ESM_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ESM_CATALOG_DIR"] = paths.CatalogDirectory,
            ["ESM_BROKER_USERNAME"] = BenchHttp.PlatformUser,
            ["ESM_BROKER_PASSWORD"] = BenchHttp.PlatformPassword,
            ["ESM_ADMIN_USERNAME"] = BenchHttp.OperatorUser,
            ["ESM_ADMIN_PASSWORD"] = BenchHttp.OperatorPassword,
            // The benchmark's plans are all dummy ones: the Docker Compose backend's orphan sweep of a
            // possibly shared engine is none of its business, and under its own broker id it could
            // never touch another broker's projects anyway.
            ["ESM_COMPOSE_SWEEP_SECONDS"] = "0",
            ["ESM_COMPOSE_BROKER_ID"] = "esm-bench",
        };
        foreach (var (key, value) in store.BrokerSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
