using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Api.Generated;
using Esm.Service.Contract;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>
/// Reads the catalog folder: one sub-folder per offering with a <c>service.yaml</c> holding the
/// offering, its plans, and under each plan a <c>manifest</c> block (type, config, endpoints and,
/// for backends that need one, the <c>file</c> beside it that is the manifest's content, or that
/// <c>content</c> inline).
/// </summary>
public static class CatalogFolderLoader
{
    public const string ServiceFileName = "service.yaml";

    public static IReadOnlyList<ServiceDefinition> Load(string catalogDirectory)
    {
        if (!Directory.Exists(catalogDirectory))
        {
            throw new CatalogException([$"{catalogDirectory}: the catalog folder does not exist (set ESM_CATALOG_DIR)"]);
        }

        var problems = new List<string>();
        var definitions = new List<ServiceDefinition>();
        foreach (var folder in Directory.GetDirectories(catalogDirectory).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, ServiceFileName);
            if (!File.Exists(file))
            {
                problems.Add($"{folder}: no {ServiceFileName} in this folder");
                continue;
            }

            try
            {
                definitions.Add(Parse(file, File.ReadAllText(file), folder));
            }
            catch (CatalogException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        return problems.Count > 0 ? throw new CatalogException(problems) : definitions;
    }

    /// <summary>Parses one offering's YAML; <paramref name="folder"/> is where manifest files are looked up.</summary>
    public static ServiceDefinition Parse(string source, string yaml, string? folder)
    {
        JsonNode? document;
        try
        {
            document = YamlToJson.Parse(yaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new CatalogException([$"{source}: not valid YAML: {e.Message}"]);
        }

        if (document is not JsonObject declared)
        {
            throw new CatalogException([$"{source}: must be a mapping with the offering's fields"]);
        }

        return FromJson(source, declared, folder);
    }

    /// <summary>Reads an offering from JSON, taking each plan's manifest block out of the plan.</summary>
    public static ServiceDefinition FromJson(string source, JsonObject declared, string? folder)
    {
        var problems = new List<string>();
        var offeringJson = declared.DeepClone().AsObject();
        var manifestBlocks = new List<(int Index, JsonObject Block)>();
        if (offeringJson["plans"] is JsonArray plans)
        {
            for (var i = 0; i < plans.Count; i++)
            {
                if (plans[i] is not JsonObject plan)
                {
                    problems.Add($"{source}: plans[{i}]: must be a mapping (id, name, description...)");
                    continue;
                }

                if (plan["manifest"] is { } block)
                {
                    plan.Remove("manifest");
                    if (block is JsonObject manifestObject)
                    {
                        manifestBlocks.Add((i, manifestObject));
                    }
                    else
                    {
                        problems.Add($"{source}: plans[{i}].manifest: must be a mapping (type, config, endpoints, file)");
                    }
                }
            }
        }

        ServiceOffering? offering = null;
        try
        {
            offering = offeringJson.Deserialize<ServiceOffering>(BrokerJson.Options);
        }
        catch (JsonException e)
        {
            problems.Add($"{source}: {JsonErrorMessages.Describe(e.Path, e.Message)}");
        }

        if (offering is null || problems.Count > 0)
        {
            throw new CatalogException(problems.Count > 0 ? problems : [$"{source}: empty document"]);
        }

        var planList = offering.Plans?.ToList() ?? [];
        var manifests = new List<PlanManifest>();
        foreach (var (index, block) in manifestBlocks)
        {
            if (index < planList.Count)
            {
                var manifest = ReadManifest(source, $"plans[{index}].manifest", block, offering.Id, planList[index].Id, folder, problems);
                if (manifest is not null)
                {
                    manifests.Add(manifest);
                }
            }
        }

        return problems.Count > 0 ? throw new CatalogException(problems) : new ServiceDefinition(source, declared, offering, manifests);
    }

    private static PlanManifest? ReadManifest(string source, string path, JsonObject block, string serviceId, string planId, string? folder, List<string> problems)
    {
        if (block["type"] is not JsonValue typeValue || !typeValue.TryGetValue(out string? type) || string.IsNullOrWhiteSpace(type))
        {
            problems.Add($"{source}: {path}.type: required (the backend that realises the plan, e.g. dummy or docker-compose)");
            return null;
        }

        // A folder names the content's file; the operator API, which has no folder, carries it inline.
        string? content = null;
        var inline = block["content"];
        if (block["file"] is JsonValue fileValue && fileValue.TryGetValue(out string? file))
        {
            content = inline is null
                ? ReadManifestFile(source, path, folder, file, problems)
                : Problem(problems, $"{source}: {path}: give either file or content, not both");
        }
        else if (inline is not null)
        {
            content = inline is JsonValue inlineValue && inlineValue.TryGetValue(out string? text)
                ? text
                : Problem(problems, $"{source}: {path}.content: must be a string (the manifest, e.g. a compose file)");
        }

        var config = block["config"];
        var endpoints = block["endpoints"];
        if (config is not (null or JsonObject) || endpoints is not (null or JsonObject))
        {
            problems.Add($"{source}: {path}: config and endpoints must be mappings");
            return null;
        }

        return new PlanManifest
        {
            ManifestId = block["id"] is JsonValue idValue && idValue.TryGetValue(out string? id) ? id : planId,
            ServiceId = serviceId,
            PlanId = planId,
            ManifestType = type,
            ManifestContent = content,
            Config = (JsonObject?)config?.DeepClone() ?? [],
            Endpoints = (JsonObject?)endpoints?.DeepClone(),
        };
    }

    private static string? Problem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    private static string? ReadManifestFile(string source, string path, string? folder, string file, List<string> problems)
    {
        if (folder is null)
        {
            problems.Add($"{source}: {path}.file: only catalog folders can name manifest files");
            return null;
        }

        var full = ManifestFile.PathInside(folder, file);
        if (full is null)
        {
            problems.Add($"{source}: {path}.file: '{file}' is not a file in {folder}");
            return null;
        }

        return File.ReadAllText(full);
    }
}
