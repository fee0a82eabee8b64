using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Esm.Service.Failures;

namespace Esm.Service.Model;

/// <summary>
/// How a plan is realised: the backend (by <see cref="ManifestType"/>), its content (a compose
/// file for docker-compose), and the plan's configuration. Exactly one manifest per plan. The
/// catalog folder declares them, operators register them through /v2/et/manifest, and the store
/// keeps them: one type for all three (the contract's DTO is mapped in Contract/ManifestDtos).
/// </summary>
public sealed record PlanManifest : IStoredRecord<PlanManifest>
{
    /// <summary>Ten years: longer is "never expires", which is leaving the setting out.</summary>
    private const double MaximumBindingTimeToLiveSeconds = 10 * 365.25 * 86_400;

    public required string ManifestId { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; init; }

    public required string ManifestType { get; init; }

    public string? ManifestContent { get; init; }

    public JsonObject? Endpoints { get; init; }

    /// <summary>
    /// Settings of the plan. The broker reads <c>requires_app</c> and <c>binding_ttl_seconds</c>;
    /// the backend reads the rest (the dummy backend: <c>delay_seconds</c>, <c>bind_delay_seconds</c>, <c>fail</c>).
    /// A manifest registered without settings has none, never null.
    /// </summary>
    public JsonObject Config
    {
        get;
        init => field = value ?? [];
    } = [];

    public DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    /// <summary>Binding requests must carry an app_guid (else 422 RequiresApp).</summary>
    [JsonIgnore]
    public bool RequiresApp => Config["requires_app"] is JsonValue value && value.TryGetValue(out bool flag) && flag;

    /// <summary>When set, bindings carry expires_at/renew_before and can be rotated before then.</summary>
    [JsonIgnore]
    public TimeSpan? BindingTimeToLive =>
        JsonNumbers.TryGetSeconds(Config["binding_ttl_seconds"], MaximumBindingTimeToLiveSeconds, out var lifetime) && lifetime > TimeSpan.Zero
            ? lifetime
            : null;

    string IStoredRecord<PlanManifest>.Key => ManifestId;

    IReadOnlyDictionary<string, string> IStoredRecord<PlanManifest>.IndexedFields => new IndexedFieldValues(
        new(IndexedField.ServiceId, ServiceId),
        new(IndexedField.PlanId, PlanId));

    public PlanManifest WithVersion(long version) => this with { Version = version };

    /// <summary>What is wrong with the settings the broker itself reads (the backend checks the rest).</summary>
    public Problems BrokerSettingProblems()
    {
        var problems = Problems.None;
        if (Config["requires_app"] is { } requiresApp && requiresApp.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("config.requires_app must be true or false");
        }

        if (Config["binding_ttl_seconds"] is { } ttl && (!JsonNumbers.TryGetSeconds(ttl, MaximumBindingTimeToLiveSeconds, out var lifetime) || lifetime <= TimeSpan.Zero))
        {
            problems.Add($"config.binding_ttl_seconds must be a number of seconds above 0 and up to {MaximumBindingTimeToLiveSeconds:0} (ten years)");
        }

        return problems;
    }
}
