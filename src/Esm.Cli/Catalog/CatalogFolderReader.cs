using System.Text.Json.Nodes;
using Esm.Cli.Connection;
using Esm.Service.Catalog;
using YamlDotNet.Core;

namespace Esm.Cli.Catalog;

/// <summary>
/// Reads a catalog folder as the broker reads ESM_CATALOG_DIR (with the broker's own YamlToJson and
/// ManifestFile), for the operator API: a folder with a service.yaml, or a folder of such folders.
/// A plan's manifest <c>file</c>, which the API cannot open, is sent as its <c>content</c> inline;
/// the broker validates everything else.
/// </summary>
public static class CatalogFolderReader
{
    public const string ServiceFileName = "service.yaml";

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
            document = YamlToJson.Parse(File.ReadAllText(source));
        }
        catch (Exception e) when (e is YamlException or FormatException)
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
                var path = ManifestFile.PathInside(folder, name)
                    ?? throw new UsageException($"{source}: manifest file '{name}' is not a file in {folder}.");
                manifest.Remove("file");
                manifest["content"] = File.ReadAllText(path);
            }
        }

        return (source, serviceType);
    }
}
