using System.Text.Json.Nodes;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The host ports an instance's services got when they first started. Later renderings publish
/// the same ones, so that an update, which recreates containers, keeps the ports that bindings
/// already handed out. Only single-container services are pinned (replicas cannot share a port).
/// </summary>
public sealed class PinnedPorts(IReadOnlyDictionary<string, int> ports)
{
    /// <summary>Where the pins are kept in an instance's backend state.</summary>
    public const string StateKey = "ports";

    /// <summary>The pins kept in an instance's state (<c>{"ports": {"web:8080/tcp": 32768}}</c>).</summary>
    public static PinnedPorts FromState(JsonObject? backendState) => new(
        (backendState?[StateKey] as JsonObject ?? [])
            .Where(p => p.Value is JsonValue value && value.TryGetValue(out int _))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal));

    /// <summary>The ports each running instance of a service publishes (a container, a task), for the services that run one.</summary>
    public static PinnedPorts Of(IEnumerable<(string Service, IReadOnlyList<PublishedPort> Ports)> running) => new(
        running.GroupBy(r => r.Service).Where(g => g.Count() == 1)
            .SelectMany(g => g.Single().Ports.Select(p => (Key: Key(g.Key, p.ContainerPort, p.Protocol), p.HostPort)))
            .DistinctBy(p => p.Key)
            .ToDictionary(p => p.Key, p => p.HostPort, StringComparer.Ordinal));

    public int? For(string service, int containerPort, string protocol) =>
        ports.TryGetValue(Key(service, containerPort, protocol), out var port) ? port : null;

    public JsonObject ToJson() => new(ports.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    private static string Key(string service, int containerPort, string protocol) => $"{service}:{containerPort}/{protocol}";
}
