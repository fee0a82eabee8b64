namespace Esm.Bench;

/// <summary>The stores the broker runs on (ESM_STORE).</summary>
internal enum StoreKind
{
    Memory,
    Sqlite,
    MongoDb,
}

/// <summary>The ESM_STORE names of <see cref="StoreKind"/>, also used in the table and on the command line.</summary>
internal static class StoreKinds
{
    public static string Name(StoreKind kind) => kind switch
    {
        StoreKind.Memory => "memory",
        StoreKind.Sqlite => "sqlite",
        StoreKind.MongoDb => "mongodb",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string name, out StoreKind kind)
    {
        foreach (var candidate in Enum.GetValues<StoreKind>())
        {
            if (Name(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
