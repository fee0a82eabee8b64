using Esm.Api.Generated;
using Esm.Service.Model;

namespace Esm.Service.Contract;

/// <summary>The one place where the contract's <see cref="Manifest"/> and the domain's <see cref="PlanManifest"/> meet.</summary>
public static class ManifestDtos
{
    /// <param name="updatedAt">When the operator registered it: the DTO does not carry it.</param>
    public static PlanManifest ToPlanManifest(Manifest body, string manifestId, DateTimeOffset updatedAt) => new()
    {
        ManifestId = manifestId,
        ServiceId = body.Service_id,
        PlanId = body.Plan_id,
        ManifestType = body.Manifest_type,
        ManifestContent = body.Manifest_content,
        Endpoints = JsonShapes.ToNode(body.Endpoints),
        Config = JsonShapes.ToNode(body.Config) ?? [],
        UpdatedAt = updatedAt,
    };

    public static Manifest ToDto(PlanManifest manifest) => new()
    {
        Id = manifest.ManifestId,
        Service_id = manifest.ServiceId,
        Plan_id = manifest.PlanId,
        Manifest_type = manifest.ManifestType,
        Manifest_content = manifest.ManifestContent,
        Endpoints = JsonShapes.ToDictionary(manifest.Endpoints),
        Config = manifest.Config.Count == 0 ? null : JsonShapes.ToDictionary(manifest.Config),
    };
}
