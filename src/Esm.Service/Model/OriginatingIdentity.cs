using System.Text.Json.Nodes;

namespace Esm.Service.Model;

/// <summary>The Platform's user behind a request: the platform name and its decoded JSON value.</summary>
public sealed record OriginatingIdentity(string Platform, JsonObject Value);
