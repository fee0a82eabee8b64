using System.Text.Json.Nodes;

namespace Esm.Service.Catalog;

/// <summary>
/// How a plan is realised: the backend (by <see cref="ManifestType"/>), its content (a compose
/// file for docker-compose), and the plan's configuration. Exactly one manifest per plan.
/// </summary>
public sealed record PlanManifest
{
    public required string Id { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; init; }

    public required string ManifestType { get; init; }

    public string? ManifestContent { get; init; }

    public JsonObject? Endpoints { get; init; }

    /// <summary>
    /// Settings of the plan. The broker reads <c>requires_app</c> and <c>binding_ttl_seconds</c>;
    /// the backend reads the rest (the dummy backend: <c>delay_seconds</c>, <c>bind_delay_seconds</c>, <c>fail</c>).
    /// </summary>
    public JsonObject Config { get; init; } = [];

    /// <summary>Binding requests must carry an app_guid (else 422 RequiresApp).</summary>
    public bool RequiresApp => Config["requires_app"] is JsonValue value && value.TryGetValue(out bool flag) && flag;

    /// <summary>When set, bindings carry expires_at/renew_before and can be rotated before then.</summary>
    public TimeSpan? BindingTimeToLive =>
        JsonNumbers.TryGet(Config["binding_ttl_seconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
