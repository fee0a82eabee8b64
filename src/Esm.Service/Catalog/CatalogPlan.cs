using Esm.Api.Generated;
using Esm.Service.Model;
using NJsonSchema;

namespace Esm.Service.Catalog;

/// <summary>A plan with its offering, its manifest and its parameter schemas compiled once.</summary>
public sealed class CatalogPlan(ServiceOffering service, ServicePlan plan, PlanManifest manifest, PlanSchemas schemas)
{
    public ServiceOffering Service { get; } = service;

    public ServicePlan Plan { get; } = plan;

    public PlanManifest Manifest { get; } = manifest;

    public string Id => Plan.Id;

    public string ServiceId => Service.Id;

    /// <summary>The plan's own value wins over the offering's (spec: Service Plan Object).</summary>
    public bool Bindable => Plan.Bindable ?? Service.Bindable;

    public bool PlanUpdateable => Plan.Plan_updateable ?? Service.Plan_updateable ?? false;

    public bool BindingRotatable => Plan.Binding_rotatable ?? false;

    public bool AllowContextUpdates => Service.Allow_context_updates ?? false;

    public string? MaintenanceVersion => Plan.Maintenance_info?.Version;

    public JsonSchema? ProvisionSchema { get; } = schemas.Provision;

    public JsonSchema? UpdateSchema { get; } = schemas.Update;

    public JsonSchema? BindSchema { get; } = schemas.Bind;
}

/// <summary>The compiled JSON Schemas of a plan's parameters, each optional.</summary>
public sealed record PlanSchemas(JsonSchema? Provision, JsonSchema? Update, JsonSchema? Bind);
