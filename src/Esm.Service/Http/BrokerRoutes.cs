namespace Esm.Service.Http;

/// <summary>Which part of the HTTP surface a path belongs to.</summary>
public static class BrokerRoutes
{
    public const string SwaggerUi = "/v2/ui";
    public const string SwaggerDocument = "/v2/swagger.json";
    public const string OperatorApi = "/v2/et";

    /// <summary>Prometheus text, for the operator principal (Prometheus scrapes with basic auth).</summary>
    public const string Metrics = "/metrics";

    /// <summary>The OSB endpoints: under /v2, but not the operator API, the contract or its UI.</summary>
    public static bool IsOsbEndpoint(PathString path) =>
        path.StartsWithSegments("/v2")
        && !path.StartsWithSegments(OperatorApi)
        && !path.StartsWithSegments(SwaggerUi)
        && !path.StartsWithSegments(SwaggerDocument);
}
