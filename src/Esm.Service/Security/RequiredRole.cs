namespace Esm.Service.Security;

/// <summary>Endpoint metadata: the role of the principal an endpoint serves.</summary>
public sealed record RequiredRole(string Role);
