using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Esm.Service.Health;

/// <summary>The JSON body of the health endpoints: overall status and each check's status and message, nothing more.</summary>
public static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new JsonObject
            {
                ["status"] = entry.Status.ToString().ToLowerInvariant(),
                ["description"] = entry.Description,
                ["data"] = entry.Data.Count == 0 ? null : JsonSerializer.SerializeToNode(entry.Data),
            };
        }

        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["status"] = report.Status.ToString().ToLowerInvariant(), ["checks"] = checks };
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
