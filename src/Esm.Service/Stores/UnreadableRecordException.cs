namespace Esm.Service.Stores;

/// <summary>A stored record that cannot be read (see <see cref="StoreDamage"/>); the request that needed it cannot be served.</summary>
public sealed class UnreadableRecordException(string collection, string key)
    : Exception($"The stored record {collection}/{key} cannot be read; an operator must repair or remove it.")
{
    public string Collection { get; } = collection;

    public string Key { get; } = key;
}
