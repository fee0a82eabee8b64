namespace Esm.Service.Security;

/// <summary>The roles of the two principals, and the authorization policies that demand them.</summary>
public static class BrokerRoles
{
    public const string Platform = "platform";
    public const string Operator = "operator";
}
