using System.Globalization;
using System.Text.Json.Nodes;
using Esm.Cli.Connection;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Esm.Cli.Catalog;

/// <summary>
/// Reads a catalog folder as the broker reads ESM_CATALOG_DIR, for the operator API: a folder with
/// a service.yaml, or a folder of such folders. A plan's manifest <c>file</c>, which the API cannot
/// open, is sent as its <c>content</c> inline; the broker validates everything else.
/// </summary>
public static class CatalogFolderReader
{
    public const string ServiceFileName = "service.yaml";

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    /// <summary>Each offering's service.yaml, read as JSON, in folder order.</summary>
    public static IReadOnlyList<(string Source, JsonObject ServiceType)> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder}: no such folder.");
        }

        var offeringFolders = File.Exists(Path.Combine(folder, ServiceFileName))
            ? [folder]
            : Directory.GetDirectories(folder).Where(sub => File.Exists(Path.Combine(sub, ServiceFileName))).Order(StringComparer.Ordinal).ToList();
        return offeringFolders.Count == 0
            ? throw new UsageException($"{folder}: no {ServiceFileName} in it or in its sub-folders.")
            : [.. offeringFolders.Select(ReadOffering)];
    }

    private static (string Source, JsonObject ServiceType) ReadOffering(string folder)
    {
        var source = Path.Combine(folder, ServiceFileName);
        JsonNode? document;
        try
        {
            // The merging parser resolves "<<" merge keys, as YAML authors expect of anchors.
            document = ToJson(Yaml.Deserialize<object?>(new MergingParser(new Parser(new StringReader(File.ReadAllText(source))))));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{source}: not valid YAML: {e.Message}");
        }

        if (document is not JsonObject serviceType)
        {
            throw new UsageException($"{source}: must be a mapping with the offering's fields.");
        }

        foreach (var manifest in (serviceType["plans"] as JsonArray ?? []).Select(plan => plan?["manifest"]).OfType<JsonObject>())
        {
            if (manifest["file"] is JsonValue file && file.TryGetValue(out string? name))
            {
                manifest.Remove("file");
                manifest["content"] = ReadManifestFile(source, folder, name);
            }
        }

        return (source, serviceType);
    }

    /// <summary>A file beside service.yaml; a catalog names files, not paths, so it may not leave the folder.</summary>
    private static string ReadManifestFile(string source, string folder, string name)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(folder, name));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full)
            ? File.ReadAllText(full)
            : throw new UsageException($"{source}: manifest file '{name}' is not a file in {folder}.");
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> mapping => new JsonObject(mapping.Select(entry => KeyValuePair.Create(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!, ToJson(entry.Value)))),
        IList<object?> sequence => new JsonArray([.. sequence.Select(ToJson)]),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),

        // Unquoted numbers come typed as the smallest type that holds them (600 is a short).
        sbyte or byte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong number => JsonValue.Create(number),
        float or double or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
