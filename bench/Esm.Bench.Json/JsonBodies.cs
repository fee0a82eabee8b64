using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Esm.Api.Generated;
using NewtonsoftJson = Newtonsoft.Json;

namespace Esm.Bench.Json;

/// <summary>
/// The broker's two hottest bodies through each serializer, as the broker handles them: a
/// provision request read into its DTO, and the catalog DTO written out. Each serializer has the
/// DTOs NSwag generates from api.yaml for it (the broker's own for System.Text.Json, those of
/// nswag.newtonsoft.json for Newtonsoft.Json, whose free-form members are objects rather than
/// JsonElements), and both must read and write the same JSON, which is checked first.
/// </summary>
[MemoryDiagnoser]
public class JsonBodies
{
    private static readonly JsonSerializerOptions SystemTextJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly NewtonsoftJson.JsonSerializerSettings NewtonsoftSettings = new()
    {
        NullValueHandling = NewtonsoftJson.NullValueHandling.Ignore,
    };

    private byte[] _provision = [];
    private string _provisionText = string.Empty;
    private Catalog _catalog = null!;
    private NewtonsoftDtos.Catalog _newtonsoftCatalog = null!;

    [GlobalSetup]
    public void ReadBodies()
    {
        _provision = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Bodies", "provision.json"));
        _provisionText = System.Text.Encoding.UTF8.GetString(_provision);
        var catalog = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Bodies", "catalog.json"));
        _catalog = JsonSerializer.Deserialize<Catalog>(catalog, SystemTextJson)!;
        _newtonsoftCatalog = NewtonsoftJson.JsonConvert.DeserializeObject<NewtonsoftDtos.Catalog>(System.Text.Encoding.UTF8.GetString(catalog), NewtonsoftSettings)!;
        Check();
    }

    [Benchmark(Baseline = true, Description = "provision request, read: System.Text.Json")]
    public ServiceInstanceProvisionRequest ReadProvisionSystemTextJson() => JsonSerializer.Deserialize<ServiceInstanceProvisionRequest>(_provision, SystemTextJson)!;

    [Benchmark(Description = "provision request, read: Newtonsoft.Json")]
    public NewtonsoftDtos.ServiceInstanceProvisionRequest ReadProvisionNewtonsoft() => NewtonsoftJson.JsonConvert.DeserializeObject<NewtonsoftDtos.ServiceInstanceProvisionRequest>(_provisionText, NewtonsoftSettings)!;

    [Benchmark(Description = "catalog response, write: System.Text.Json")]
    public byte[] WriteCatalogSystemTextJson() => JsonSerializer.SerializeToUtf8Bytes(_catalog, SystemTextJson);

    [Benchmark(Description = "catalog response, write: Newtonsoft.Json")]
    public byte[] WriteCatalogNewtonsoft() => System.Text.Encoding.UTF8.GetBytes(NewtonsoftJson.JsonConvert.SerializeObject(_newtonsoftCatalog, NewtonsoftSettings));

    /// <summary>Both serializers must mean the same JSON, or the comparison would be of different work.</summary>
    private void Check()
    {
        var fromNewtonsoft = ReadProvisionNewtonsoft();
        var fromSystemTextJson = ReadProvisionSystemTextJson();
        if (fromNewtonsoft.Plan_id != fromSystemTextJson.Plan_id || fromNewtonsoft.Parameters?.Count != fromSystemTextJson.Parameters?.Count || fromNewtonsoft.Context is null)
        {
            throw new InvalidOperationException("Newtonsoft.Json reads the provision request differently.");
        }

        using var written = JsonDocument.Parse(WriteCatalogNewtonsoft());
        using var expected = JsonDocument.Parse(WriteCatalogSystemTextJson());
        if (!JsonElement.DeepEquals(written.RootElement, expected.RootElement))
        {
            throw new InvalidOperationException("Newtonsoft.Json writes the catalog differently.");
        }
    }
}
