using System.Text.Json.Nodes;
using Esm.Service.Catalog;
using Esm.Service.Model;

namespace Esm.Service.Backends;

/// <summary>What a backend gets for a binding operation.</summary>
public sealed record BindingWork(ServiceInstanceRecord Instance, ServiceBindingRecord Binding, PlanManifest Manifest);

/// <summary>
/// A created binding: credentials and the rest of the OSB binding response, as JSON objects
/// (<c>credentials</c>, <c>endpoints</c>, <c>syslog_drain_url</c>, <c>route_service_url</c>, <c>volume_mounts</c>).
/// </summary>
public sealed record BindingOutcome(JsonObject Result);
