using System.Text.Json.Nodes;
using Esm.Service.Backends;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>
/// An operator's change of the catalog, checked as the folder is at start: whatever is wrong with
/// the offering, its manifests or the catalog it would make is the operator's bad request, a 400
/// that lists every problem.
/// </summary>
public sealed class CatalogValidation(BackendRegistry backends)
{
    /// <summary>The offering an operator declared, read as a catalog folder's would be.</summary>
    public static ServiceDefinition Read(string source, JsonObject declared)
    {
        try
        {
            return CatalogFolderLoader.FromJson(source, declared, folder: null);
        }
        catch (CatalogException e)
        {
            throw Refusal(e.Problems);
        }
    }

    /// <summary>Refuses a manifest whose type no backend realises, or whose settings are wrong.</summary>
    public void RequireValid(PlanManifest manifest)
    {
        if (!backends.ManifestTypes.Contains(manifest.ManifestType))
        {
            throw new BrokerException(BrokerFailure.BadRequest, $"manifest_type '{manifest.ManifestType}' is not a backend of this broker ({string.Join(", ", backends.ManifestTypes.Order())}).");
        }

        var problems = manifest.BrokerSettingProblems().Add(backends.For(manifest.ManifestType).ValidateManifest(manifest));
        if (problems.Any)
        {
            throw new BrokerException(BrokerFailure.BadRequest, problems.ToString());
        }
    }

    /// <summary>Refuses a catalog that would not hold together (duplicate ids or names, invalid schemas...).</summary>
    public async Task RequireValidAsync(IReadOnlyList<ServiceDefinition> definitions)
    {
        try
        {
            await new CatalogBuilder(backends).BuildAsync(definitions, requireManifests: false);
        }
        catch (CatalogException e)
        {
            throw Refusal(e.Problems);
        }
    }

    private static BrokerException Refusal(IReadOnlyList<string> problems) => new(BrokerFailure.BadRequest, string.Join(" ", problems));
}
