using System.Text.Json.Nodes;
using Esm.Service.Stores;

namespace Esm.Service.Model;

/// <summary>A manifest registered through the operator API: how one plan is realised.</summary>
public sealed record ManifestRecord : IStoredRecord<ManifestRecord>
{
    public required string ManifestId { get; init; }

    public required string ServiceId { get; init; }

    public required string PlanId { get; init; }

    public required string ManifestType { get; init; }

    public string? ManifestContent { get; init; }

    public JsonObject? Endpoints { get; init; }

    public JsonObject? Config { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    string IStoredRecord<ManifestRecord>.Key => ManifestId;

    IReadOnlyDictionary<string, string> IStoredRecord<ManifestRecord>.IndexedFields => new IndexedFieldValues(
        new(IndexedField.ServiceId, ServiceId),
        new(IndexedField.PlanId, PlanId));

    public ManifestRecord WithVersion(long version) => this with { Version = version };
}
