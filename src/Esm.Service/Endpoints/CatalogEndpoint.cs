using Esm.Api.Generated;
using Esm.Service.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Esm.Service.Endpoints;

/// <summary>GET /v2/catalog: the body serialised once per catalog change, with ETag and 304.</summary>
public sealed class CatalogEndpoint(ICatalogProvider catalog) : ICatalogController
{
    public Task<ActionResult<Esm.Api.Generated.Catalog>> GetCatalogAsync(string? if_None_Match, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        ActionResult result = IsCurrent(if_None_Match, current.ETag)
            ? new OsbResult(StatusCodes.Status304NotModified, null, new Dictionary<string, string> { [HeaderNames.ETag] = current.ETag })
            : new CatalogBodyResult(current);
        return Task.FromResult<ActionResult<Esm.Api.Generated.Catalog>>(result);
    }

    private static bool IsCurrent(string? ifNoneMatch, string etag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "W/" + etag || t == "*");

    private sealed class CatalogBodyResult(BrokerCatalog catalog) : ActionResult
    {
        public override Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.ETag = catalog.ETag;
            response.ContentLength = catalog.ResponseBody.Length;
            return response.Body.WriteAsync(catalog.ResponseBody, context.HttpContext.RequestAborted).AsTask();
        }
    }
}
