using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>One container of a project as <c>docker inspect</c> reports it; only what the backend reads (never its environment).</summary>
/// <param name="Health">The healthcheck's status (starting, healthy, unhealthy); null without a healthcheck.</param>
public sealed record ContainerStatus(
    string Id,
    string Name,
    string Service,
    bool OneOff,
    string Image,
    string State,
    string? Health,
    int ExitCode,
    IReadOnlyList<PublishedPort> Ports)
{
    public bool IsRunning => State == "running";

    public bool HasStopped => State is "exited" or "dead";

    /// <summary>Reads the JSON array <c>docker inspect</c> prints.</summary>
    public static IReadOnlyList<ContainerStatus> ParseInspection(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonArray containers)
        {
            return [];
        }

        return [.. containers.OfType<JsonObject>().Select(FromInspection)];
    }

    private static ContainerStatus FromInspection(JsonObject container)
    {
        var state = container["State"] as JsonObject;
        var labels = container["Config"]?["Labels"] as JsonObject;
        return new ContainerStatus(
            Text(container["Id"]),
            Text(container["Name"]).TrimStart('/'),
            Text(labels?[ComposeLabels.Service]),
            Text(labels?[ComposeLabels.OneOff]) == "True",
            Text(container["Config"]?["Image"]),
            Text(state?["Status"]),
            state?["Health"]?["Status"] is JsonValue health ? Text(health) : null,
            state?["ExitCode"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number ? code.GetValue<int>() : 0,
            PortsOf(container["NetworkSettings"]?["Ports"] as JsonObject));
    }

    /// <summary>NetworkSettings.Ports: <c>{"6379/tcp": [{"HostIp": "127.0.0.1", "HostPort": "32768"}]}</c>; null when not published.</summary>
    private static IReadOnlyList<PublishedPort> PortsOf(JsonObject? ports)
    {
        var published = new List<PublishedPort>();
        foreach (var (key, bindings) in ports ?? [])
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !int.TryParse(key[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort) || bindings is not JsonArray list)
            {
                continue;
            }

            foreach (var binding in list.OfType<JsonObject>())
            {
                if (int.TryParse(Text(binding["HostPort"]), NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
                {
                    published.Add(new PublishedPort(containerPort, key[(slash + 1)..], Text(binding["HostIp"]), hostPort));
                }
            }
        }

        return published;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : string.Empty;
}
