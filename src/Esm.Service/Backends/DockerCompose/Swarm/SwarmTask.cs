using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// One task of a stack's service as <c>docker inspect</c> reports it: where it runs, its state,
/// and the host ports it publishes in host mode. Only what the backend reads (never its spec).
/// </summary>
/// <param name="State">Swarm's task state: new, pending, assigned, accepted, preparing, ready, starting, running, complete, shutdown, failed, rejected, remove, orphaned.</param>
/// <param name="Error">Swarm's reason for a failed or rejected task, e.g. "task: non-zero exit (3)".</param>
public sealed record SwarmTask(
    string Id, string ServiceId, string NodeId, string DesiredState, string State, string? Error, IReadOnlyList<PublishedPort> Ports)
{
    public bool IsRunning => State == "running";

    public bool HasFailed => State is "failed" or "rejected";

    /// <summary>Reads the JSON array <c>docker inspect --type task</c> prints.</summary>
    public static IReadOnlyList<SwarmTask> ParseInspection(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonArray tasks)
        {
            return [];
        }

        return [.. tasks.OfType<JsonObject>().Select(FromInspection)];
    }

    private static SwarmTask FromInspection(JsonObject task)
    {
        var status = task["Status"] as JsonObject;
        return new SwarmTask(
            Text(task["ID"]),
            Text(task["ServiceID"]),
            Text(task["NodeID"]),
            Text(task["DesiredState"]),
            Text(status?["State"]),
            status?["Err"] is JsonValue error ? Text(error) : null,
            PortsOf(status?["PortStatus"]?["Ports"] as JsonArray));
    }

    /// <summary>Status.PortStatus.Ports: the ports published in host mode on the task's node (listed once per address family).</summary>
    private static IReadOnlyList<PublishedPort> PortsOf(JsonArray? ports) =>
        [.. (ports ?? []).OfType<JsonObject>()
            .Where(p => p["TargetPort"] is JsonValue && p["PublishedPort"] is JsonValue)
            .Select(p => new PublishedPort(Number(p["TargetPort"]), Text(p["Protocol"]) is { Length: > 0 } protocol ? protocol : "tcp", string.Empty, Number(p["PublishedPort"])))
            .Distinct()];

    private static int Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<int>() : 0;

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : string.Empty;
}
