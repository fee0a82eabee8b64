using System.Reflection;
using System.Text.Json.Nodes;
using Esm.Service.Catalog;

namespace Esm.Service.Hosting;

/// <summary>Serves api.yaml (embedded at build time) as the JSON document Swagger UI reads.</summary>
public static class ContractDocument
{
    private static readonly Lazy<byte[]> Json = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("api.yaml")
            ?? throw new InvalidOperationException("api.yaml is not embedded in the service assembly.");
        using var reader = new StreamReader(stream);
        var document = YamlToJson.Parse(reader.ReadToEnd()) ?? new JsonObject();
        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
    });

    public static IResult ServeAsync() => Results.Bytes(Json.Value, "application/json");
}
