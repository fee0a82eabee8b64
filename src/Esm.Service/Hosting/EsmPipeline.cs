using Esm.Service.Health;
using Esm.Service.Http;
using Esm.Service.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Esm.Service.Hosting;

/// <summary>The order requests flow through: errors, request identity, auth, version, body, controllers.</summary>
public static class EsmPipeline
{
    public static WebApplication UseEsm(this WebApplication app)
    {
        // First: the client's address (for the failed-login limit and the log) is settled before anything reads it.
        if (TrustedProxies.AreConfigured(app.Configuration))
        {
            app.UseForwardedHeaders();
        }

        // Outside the error handling, so that its line has the status a refusal was given.
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<BrokerErrorMiddleware>();
        app.UseStatusCodePages(OsbStatusCodePages.WriteAsync);
        app.MapGet(BrokerRoutes.SwaggerDocument, ContractDocument.ServeAsync);

        // Unauthenticated, for orchestrators: live = the process answers; ready = store and backends answer.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(EsmServices.ReadinessTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });

        // Only on its own path: it matches every request against its routes and static files otherwise.
        // The document is api.yaml as served above, not one generated from the controllers.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(BrokerRoutes.SwaggerUi), swagger => swagger.UseSwaggerUi(ui =>
        {
            ui.Path = BrokerRoutes.SwaggerUi;
            ui.DocumentPath = BrokerRoutes.SwaggerDocument;
            ui.SwaggerRoutes.Add(new NSwag.AspNetCore.SwaggerUiRoute("ESM for .NET (OSB 2.17)", BrokerRoutes.SwaggerDocument));
            ui.DocumentTitle = "ESM for .NET";

            // NSwag's default collapses every operation; the operations are what a visitor came for.
            ui.DocExpansion = "list";
        }));
        app.UseWhen(context => BrokerRoutes.IsOsbEndpoint(context.Request.Path), osb =>
        {
            osb.UseMiddleware<PrincipalGateMiddleware>(BrokerRoles.Platform);
            osb.UseMiddleware<ApiVersionMiddleware>();
        });
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(BrokerRoutes.OperatorApi) || context.Request.Path.StartsWithSegments(BrokerRoutes.Metrics),
            operatorOnly => operatorOnly.UseMiddleware<PrincipalGateMiddleware>(BrokerRoles.Operator));
        app.UseMiddleware<RequestBodyLimitMiddleware>(app.Configuration.GetValue("ESM_MAX_BODY_BYTES", EsmServices.DefaultMaximumBodyBytes));
        app.UseMiddleware<JsonBodyMiddleware>();
        app.UseMiddleware<RequiredRoleMiddleware>();
        app.MapPrometheusScrapingEndpoint(BrokerRoutes.Metrics).WithMetadata(new RequiredRole(BrokerRoles.Operator));
        app.MapControllers().Add(endpoint =>
        {
            // Each generated route demands its principal again at the endpoint, whatever the middleware order.
            var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText ?? string.Empty;
            var role = route.StartsWith(BrokerRoutes.OperatorApi.TrimStart('/'), StringComparison.Ordinal) ? BrokerRoles.Operator : BrokerRoles.Platform;
            endpoint.Metadata.Add(new RequiredRole(role));
        });
        return app;
    }
}
