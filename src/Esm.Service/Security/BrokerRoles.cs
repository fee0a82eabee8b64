namespace Esm.Service.Security;

/// <summary>The roles of the two principals: which one a principal gate or an endpoint demands.</summary>
public static class BrokerRoles
{
    public const string Platform = "platform";
    public const string Operator = "operator";
}

/// <summary>Endpoint metadata: the role of the principal an endpoint serves.</summary>
public sealed record RequiredRole(string Role);
