using System.Text.Json.Nodes;
using Esm.Api.Generated;
using Esm.Service.Model;

namespace Esm.Service.Catalog;

/// <summary>An offering as declared (in a catalog folder, or later through the operator API), before validation.</summary>
public sealed record ServiceDefinition(string Source, JsonObject Declared, ServiceOffering Offering, IReadOnlyList<PlanManifest> Manifests);
