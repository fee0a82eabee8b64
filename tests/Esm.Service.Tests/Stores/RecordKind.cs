using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// One collection of a store as the contract tests see it: where it is and how to build its
/// records, so that each test is written once and runs for every collection.
/// </summary>
public sealed class RecordKind<T>(
    string name,
    Func<IStore, IRecordCollection<T>> collection,
    Func<string, int, T> build,
    Func<string, T> buildRich)
    where T : class, IStoredRecord<T>
{
    public IRecordCollection<T> In(IStore store) => collection(store);

    /// <summary>
    /// A record identified by <paramref name="id"/> (the same id gives the same key); the variant
    /// picks its other fields, indexed ones included, among a few values.
    /// </summary>
    public T Build(string id, int variant = 0) => build(id, variant);

    /// <summary>A record whose JSON content exercises serialisation: nesting, unicode, big numbers, nulls.</summary>
    public T BuildRich(string id) => buildRich(id);

    public override string ToString() => name;
}
