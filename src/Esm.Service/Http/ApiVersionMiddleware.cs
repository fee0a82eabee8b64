using System.Text.RegularExpressions;
using Esm.Service.Failures;

namespace Esm.Service.Http;

/// <summary>
/// Refuses OSB requests without a usable X-Broker-API-Version with 412. Any 2.x is accepted,
/// also minors newer than 2.17: minor versions only add optional fields.
/// </summary>
public sealed partial class ApiVersionMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Broker-API-Version";
    public const string Supported = "2.x (2.0 to 2.17 and later minors of 2)";

    public Task InvokeAsync(HttpContext context)
    {
        if (!BrokerRoutes.IsOsbEndpoint(context.Request.Path))
        {
            return next(context);
        }

        var values = context.Request.Headers[HeaderName];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return OsbErrorWriter.WriteAsync(context, BrokerFailure.UnsupportedApiVersion, $"The {HeaderName} header is required exactly once; this broker supports {Supported}.");
        }

        if (!VersionFormat().IsMatch(values[0]!))
        {
            return OsbErrorWriter.WriteAsync(context, BrokerFailure.UnsupportedApiVersion, $"{HeaderName} '{values[0]}' is not supported; this broker supports {Supported}.");
        }

        return next(context);
    }

    [GeneratedRegex(@"^2\.(0|[1-9][0-9]{0,5})$")]
    private static partial Regex VersionFormat();
}
