namespace Esm.Service.Operations;

/// <summary>Operation ids: opaque, unique, and safe in a query string without encoding.</summary>
public static class OperationIds
{
    public static string New() => "op-" + Guid.NewGuid().ToString("N");
}
