namespace Esm.Bench;

/// <summary>From the start of the process to its first 200 on /health/live (the ceiling has none) and on GET /v2/catalog.</summary>
internal sealed record StartupTimes(TimeSpan? Live, TimeSpan Catalog);
