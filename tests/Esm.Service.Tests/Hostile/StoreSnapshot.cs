using System.Text;
using System.Text.Json;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Everything the store holds, as the operator API shows it: the service types, the manifests,
/// and every live instance in detail (with its bindings and operations). Two snapshots are
/// equal exactly when nothing observable changed.
/// </summary>
public static class StoreSnapshot
{
    public static async Task<string> TakeAsync(HttpClient @operator)
    {
        var snapshot = new StringBuilder();
        snapshot.AppendLine(await ReadAsync(@operator, "/v2/et/catalog"));
        snapshot.AppendLine(await ReadAsync(@operator, "/v2/et/manifest"));
        var page = await ReadAsync(@operator, "/v2/et/service_instances?page_size=500");
        snapshot.AppendLine(page);
        foreach (var instance in JsonDocument.Parse(page).RootElement.GetProperty("instances").EnumerateArray())
        {
            var id = instance.GetProperty("instance_id").GetString()!;
            snapshot.AppendLine(await ReadAsync(@operator, $"/v2/et/service_instances/{Uri.EscapeDataString(id)}"));
        }

        return snapshot.ToString();
    }

    private static async Task<string> ReadAsync(HttpClient @operator, string path)
    {
        var response = await @operator.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
    }
}
