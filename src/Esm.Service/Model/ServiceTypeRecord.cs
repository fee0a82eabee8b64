using System.Text.Json.Nodes;

namespace Esm.Service.Model;

/// <summary>
/// A service offering in force (ESM's ServiceType), as declared in the catalog folder or through
/// the operator API: the OSB offering with its plans, plus <c>short_name</c>. Its manifests are stored apart.
/// </summary>
public sealed record ServiceTypeRecord : IStoredRecord<ServiceTypeRecord>
{
    public required string ServiceId { get; init; }

    public required string Name { get; init; }

    /// <summary>The offering as declared (JSON of api.yaml's ServiceType, without manifests).</summary>
    public required JsonObject Declared { get; init; }

    /// <summary>Where it was declared: <see cref="CatalogFolder"/> or <see cref="OperatorApi"/>.</summary>
    public required string Origin { get; init; }

    public const string CatalogFolder = "catalog-folder";
    public const string OperatorApi = "operator-api";

    public required DateTimeOffset UpdatedAt { get; init; }

    public long Version { get; init; }

    string IStoredRecord<ServiceTypeRecord>.Key => ServiceId;

    IReadOnlyDictionary<string, string> IStoredRecord<ServiceTypeRecord>.IndexedFields => new IndexedFieldValues(new KeyValuePair<string, string>(IndexedField.Name, Name));

    public ServiceTypeRecord WithVersion(long version) => this with { Version = version };
}
