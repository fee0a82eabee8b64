using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Esm.Api.Generated;
using Esm.Service.Backends;
using Esm.Service.Contract;
using Esm.Service.Model;
using NJsonSchema;

namespace Esm.Service.Catalog;

/// <summary>
/// Validates offerings against the spec's rules for a catalog (required fields, unique ids and
/// names, valid parameter schemas, one known manifest per plan) and builds the catalog snapshot.
/// Every problem is reported with its source and field, all at once.
/// </summary>
public sealed partial class CatalogBuilder(BackendRegistry backends)
{
    /// <summary>The spec caps a parameters schema at 64 kB.</summary>
    public const int MaximumSchemaBytes = 64 * 1024;

    /// <param name="definitions">Every offering in force.</param>
    /// <param name="requireManifests">
    /// True for a catalog folder, where every plan must say how it is realised. False for the
    /// catalog in force, where an operator may register a plan before its manifest: such a plan is
    /// validated but not served until it has one (a Platform could not provision it).
    /// </param>
    public async Task<BrokerCatalog> BuildAsync(IReadOnlyList<ServiceDefinition> definitions, bool requireManifests = true)
    {
        var problems = new List<string>();
        var plans = new List<CatalogPlan>();
        var serviceIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var serviceNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var planIds = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var definition in definitions)
        {
            var source = definition.Source;
            var service = definition.Offering;
            CheckService(definition, problems);
            CheckUnique(serviceIds, service.Id, source, "id", "offering id", problems);
            CheckUnique(serviceNames, service.Name, source, "name", "offering name", problems);

            var planNames = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var plan in service.Plans ?? [])
            {
                var path = $"plans[{index++}]";
                CheckPlan(source, path, plan, definition.Declared, problems);
                CheckUnique(planIds, plan.Id, source, $"{path}.id", "plan id", problems);
                if (!string.IsNullOrEmpty(plan.Name) && !planNames.Add(plan.Name))
                {
                    problems.Add($"{source}: {path}.name: '{plan.Name}' is used by another plan of this offering");
                }

                var manifest = definition.Manifests.FirstOrDefault(m => m.PlanId == plan.Id);
                if (manifest is null)
                {
                    if (requireManifests)
                    {
                        problems.Add($"{source}: {path}.manifest: required (how the plan is realised, e.g. type: dummy)");
                    }
                }
                else if (!backends.ManifestTypes.Contains(manifest.ManifestType))
                {
                    problems.Add($"{source}: {path}.manifest.type: '{manifest.ManifestType}' is not a backend of this broker ({string.Join(", ", backends.ManifestTypes.Order())})");
                }
                else
                {
                    CheckManifest(source, $"{path}.manifest", manifest, problems);
                }

                var schemas = await CompileSchemasAsync(source, path, plan, problems);
                if (manifest is not null)
                {
                    plans.Add(new CatalogPlan(service, plan, manifest, schemas));
                }
            }
        }

        return problems.Count > 0
            ? throw new CatalogException(problems)
            : new BrokerCatalog([.. definitions.Select(d => ServedPart(d.Offering, plans)).OfType<ServiceOffering>()], plans);
    }

    /// <summary>The offering as served: only its plans that have a manifest; none when it has no such plan.</summary>
    private static ServiceOffering? ServedPart(ServiceOffering offering, List<CatalogPlan> realised)
    {
        var served = offering.Plans.Where(p => realised.Any(r => ReferenceEquals(r.Plan, p))).ToList();
        if (served.Count == offering.Plans.Count)
        {
            return offering;
        }

        if (served.Count == 0)
        {
            return null;
        }

        var copy = JsonSerializer.SerializeToNode(offering, BrokerJson.Options)!.Deserialize<ServiceOffering>(BrokerJson.Options)!;
        copy.Plans = [.. copy.Plans.Where(p => served.Any(s => s.Id == p.Id))];
        return copy;
    }

    private void CheckManifest(string source, string path, PlanManifest manifest, List<string> problems)
    {
        var found = manifest.BrokerSettingProblems().Add(backends.For(manifest.ManifestType).ValidateManifest(manifest));
        problems.AddRange(found.All.Select(problem => $"{source}: {path}: {problem}"));
    }

    private static void CheckService(ServiceDefinition definition, List<string> problems)
    {
        var source = definition.Source;
        var service = definition.Offering;
        RequireText(source, "id", service.Id, problems);
        RequireText(source, "name", service.Name, problems);
        RequireText(source, "description", service.Description, problems);
        if (definition.Declared["bindable"] is not JsonValue bindable || bindable.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add($"{source}: bindable: required, true or false");
        }

        if (service.Plans is null || service.Plans.Count == 0)
        {
            problems.Add($"{source}: plans: at least one plan is required");
        }

        if (service.Dashboard_client is { } client && (string.IsNullOrEmpty(client.Id) || string.IsNullOrEmpty(client.Secret)))
        {
            problems.Add($"{source}: dashboard_client: id and secret are required");
        }
    }

    private static void CheckPlan(string source, string path, ServicePlan plan, JsonObject declared, List<string> problems)
    {
        RequireText(source, $"{path}.id", plan.Id, problems);
        RequireText(source, $"{path}.name", plan.Name, problems);
        RequireText(source, $"{path}.description", plan.Description, problems);
        if (plan.Maintenance_info is { } maintenance && (maintenance.Version is null || !SemanticVersion().IsMatch(maintenance.Version)))
        {
            problems.Add($"{source}: {path}.maintenance_info.version: '{maintenance.Version}' is not a semantic version 2.0");
        }

        if (plan.Maximum_polling_duration is <= 0)
        {
            problems.Add($"{source}: {path}.maximum_polling_duration: must be a positive number of seconds");
        }
    }

    private static async Task<PlanSchemas> CompileSchemasAsync(string source, string path, ServicePlan plan, List<string> problems) => new(
        await CompileAsync(source, $"{path}.schemas.service_instance.create.parameters", plan.Schemas?.Service_instance?.Create?.Parameters, problems),
        await CompileAsync(source, $"{path}.schemas.service_instance.update.parameters", plan.Schemas?.Service_instance?.Update?.Parameters, problems),
        await CompileAsync(source, $"{path}.schemas.service_binding.create.parameters", plan.Schemas?.Service_binding?.Create?.Parameters, problems));

    private static async Task<JsonSchema?> CompileAsync(string source, string path, IDictionary<string, JsonElement>? schema, List<string> problems)
    {
        if (schema is null)
        {
            return null;
        }

        var json = JsonSerializer.Serialize(schema, BrokerJson.Options);
        if (json.Length > MaximumSchemaBytes)
        {
            problems.Add($"{source}: {path}: the schema is over 64 kB");
            return null;
        }

        if (!schema.ContainsKey("$schema"))
        {
            problems.Add($"{source}: {path}: $schema is required (e.g. http://json-schema.org/draft-04/schema#)");
        }

        if (ExternalReference().IsMatch(json))
        {
            problems.Add($"{source}: {path}: external $ref is not allowed");
            return null;
        }

        if (InvalidPatterns(json).FirstOrDefault() is { } invalid)
        {
            problems.Add($"{source}: {path}: pattern '{invalid}' is not a valid regular expression");
            return null;
        }

        try
        {
            return await JsonSchema.FromJsonAsync(json);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            problems.Add($"{source}: {path}: not a valid JSON Schema: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// The validator compiles a schema's patterns only when a request is checked: an invalid one
    /// would fail every provision of the plan, so it is refused with the schema instead.
    /// </summary>
    private static IEnumerable<string> InvalidPatterns(string json)
    {
        // A document, not nodes: it reads duplicate keys (as the schema reader does) without failing.
        using var document = JsonDocument.Parse(json);
        var pending = new Stack<JsonElement>([document.RootElement]);
        while (pending.TryPop(out var element))
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    pending.Push(item);
                }
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var keyword in element.EnumerateObject())
            {
                pending.Push(keyword.Value);
                if (keyword.Name == "pattern" && keyword.Value.ValueKind == JsonValueKind.String && !IsRegex(keyword.Value.GetString()!))
                {
                    yield return keyword.Value.GetString()!;
                }

                if (keyword.Name == "patternProperties" && keyword.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in keyword.Value.EnumerateObject().Where(p => !IsRegex(p.Name)))
                    {
                        yield return property.Name;
                    }
                }
            }
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void RequireText(string source, string path, string? value, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{source}: {path}: required, a non-empty string");
        }
    }

    private static void CheckUnique(Dictionary<string, string> seen, string? value, string source, string path, string what, List<string> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (seen.TryGetValue(value, out var first))
        {
            problems.Add($"{source}: {path}: {what} '{value}' is already used in {first}");
        }
        else
        {
            seen[value] = source;
        }
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemanticVersion();

    // Case-insensitive: the schema reader matches property names so, and resolves "$Ref" too.
    [GeneratedRegex("\"\\$ref\"\\s*:\\s*\"(?!#)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExternalReference();
}
