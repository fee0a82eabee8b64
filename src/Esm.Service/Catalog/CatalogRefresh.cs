namespace Esm.Service.Catalog;

/// <summary>
/// Serves the catalog the store holds again every interval (ESM_CATALOG_REFRESH_SECONDS), so that
/// a change an operator made through another replica reaches this one's /v2/catalog and request
/// checks without a restart. Changes made here are served at once; this bounds how late the others'
/// are. Taken as a catalog change, so that it never serves an older state over a newer one.
/// </summary>
public sealed class CatalogRefresh(StoredCatalog catalog, CatalogChanges changes, TimeSpan interval, TimeProvider clock, ILogger<CatalogRefresh> logger)
    : BackgroundService
{
    public const string Setting = "ESM_CATALOG_REFRESH_SECONDS";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(interval, clock, stoppingToken);
                try
                {
                    await changes.OneAtATimeAsync(async () =>
                    {
                        await catalog.ServeAsync(stoppingToken);
                        return true;
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Reading the catalog from the store failed; the one in force stays, and the next refresh runs in {Seconds} s.", interval.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
