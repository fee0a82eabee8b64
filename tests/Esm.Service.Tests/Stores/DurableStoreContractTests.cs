using Esm.Service.Stores;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// The contract of a store that keeps its data across a restart: everything written is found by a
/// store opened anew on the same data, as a broker finds it after a crash-free restart.
/// </summary>
public abstract class DurableStoreContractTests : StoreContractTests
{
    private static CancellationToken None => CancellationToken.None;

    /// <summary>A store on the data of the one <see cref="StoreContractTests.CreateStoreAsync"/> made, which has been closed.</summary>
    protected abstract Task<IStore> ReopenStoreAsync();

    [TestCaseSource(nameof(Kinds))]
    public async Task A_reopened_store_has_everything_written<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var records = Enumerable.Range(0, 20).Select(i => kind.Build($"r{i:D2}", i)).ToList();
        await InsertAllAsync(kind.In(Store), records);
        var expected = records.Select(r => r.WithVersion(1)).ToList();
        for (var i = 0; i < 5; i++)
        {
            expected[i] = (await kind.In(Store).TryReplaceAsync(kind.Build($"r{i:D2}", i + 100).WithVersion(1), None))!;
        }

        for (var i = 5; i < 8; i++)
        {
            await kind.In(Store).TryDeleteAsync(records[i].Key, 1, None);
        }

        var rich = (await kind.In(Store).TryInsertAsync(kind.BuildRich("rich"), None))!;
        expected.RemoveRange(5, 3);
        expected.Add(rich);

        await ReopenAsync();

        var collection = kind.In(Store);
        foreach (var record in expected)
        {
            AssertSameContent(await collection.GetAsync(record.Key, None), record);
        }

        Assert.That(await collection.GetAsync(records[5].Key, None), Is.Null, "deleted");
        var listed = (await collection.ListAsync(RecordQuery.All(1000), None)).Items;
        Assert.That(listed.Select(r => r.Key), Is.EqualTo(expected.Select(r => r.Key).Order(StringComparer.Ordinal)));
        Assert.That((await collection.TryReplaceAsync(expected[0], None))?.Version, Is.EqualTo(3), "versions go on from the stored ones");
        var (field, value) = expected[0].IndexedFields.First();
        Assert.That(await KeysMatchingAsync(collection, field, value), Is.EqualTo(expected.Where(r => r.IndexedFields[field] == value).Select(r => r.Key).Order(StringComparer.Ordinal)));
    }

    /// <summary>Closes the store under test and puts a reopened one in its place.</summary>
    protected async Task ReopenAsync()
    {
        await CloseAsync(Store);
        Store = await ReopenStoreAsync();
    }
}
