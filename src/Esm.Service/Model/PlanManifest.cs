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
        JsonNumbers.TryGetSeconds(Config["binding_ttl_seconds"], MaximumBindingTimeToLiveSeconds, out var lifetime) && lifetime > TimeSpan.Zero
            ? lifetime
            : null;

    /// <summary>Ten years: longer is "never expires", which is leaving the setting out.</summary>
    private const double MaximumBindingTimeToLiveSeconds = 10 * 365.25 * 86_400;

    /// <summary>Refuses settings the broker itself reads (the backend checks the rest).</summary>
    /// <exception cref="ArgumentException">A setting of the wrong kind or out of range, named.</exception>
    public void ValidateBrokerSettings()
    {
        if (Config["requires_app"] is { } requiresApp && requiresApp.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            throw new ArgumentException("config.requires_app must be true or false");
        }

        if (Config["binding_ttl_seconds"] is { } ttl && (!JsonNumbers.TryGetSeconds(ttl, MaximumBindingTimeToLiveSeconds, out var lifetime) || lifetime <= TimeSpan.Zero))
        {
            throw new ArgumentException($"config.binding_ttl_seconds must be a number of seconds above 0 and up to {MaximumBindingTimeToLiveSeconds:0} (ten years)");
        }
    }
}
