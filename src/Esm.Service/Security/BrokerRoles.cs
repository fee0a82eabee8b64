namespace Esm.Service.Security;

/// <summary>The roles of the two principals: which one a principal gate or an endpoint demands.</summary>
public static class BrokerRoles
{
    public const string Platform = "platform";
    public const string Operator = "operator";
}
