using System.Text.Json.Nodes;
using Esm.Service.Stores;

namespace Esm.Service.Model;

/// <summary>
/// A service offering registered through the operator API (ESM's ServiceType), as declared:
/// the OSB offering with its plans, plus <c>short_name</c>. Its manifests are stored apart.
/// </summary>
public sealed record ServiceTypeRecord : IStoredRecord<ServiceTypeRecord>
{
    public required string ServiceId { get; init; }

    public required string Name { get; init; }

    /// <summary>The offering as the operator sent it (JSON of api.yaml's ServiceType).</summary>
    public required JsonObject Declared { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    string IStoredRecord<ServiceTypeRecord>.Key => ServiceId;

    IReadOnlyDictionary<string, string> IStoredRecord<ServiceTypeRecord>.IndexedFields => new Dictionary<string, string>
    {
        [IndexedField.Name] = Name,
    };

    public ServiceTypeRecord WithVersion(long version) => this with { Version = version };
}
