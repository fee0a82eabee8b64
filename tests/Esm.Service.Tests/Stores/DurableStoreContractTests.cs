using Esm.Service.Model;
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
        Assert.That(await KeysMatchingAsync(collection, field, value), Is.EqualTo(expected.Where(r => Holds(r, field, value)).Select(r => r.Key).Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task A_reopened_store_has_the_same_identity()
    {
        var identity = Store.Identity;

        await ReopenAsync();

        Assert.That(Store.Identity, Is.EqualTo(identity));
    }

    /// <summary>Closes the store under test and puts a reopened one in its place.</summary>
    protected async Task ReopenAsync()
    {
        await CloseAsync(Store);
        Store = await ReopenStoreAsync();
    }

    /// <summary>A record the store cannot read costs that record alone: lists go on without it, reading it alone says which it is, and the store reports it.</summary>
    [Test]
    public async Task An_unreadable_record_is_left_out_of_lists_refused_alone_and_reported()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            await Store.Instances.TryInsertAsync(TestRecords.Instance(id), None);
        }

        await DamageAsync("instances", "b");

        var listed = new List<string>();
        await foreach (var record in Store.Instances.EnumerateAsync(RecordQuery.All(limit: 1), None))
        {
            listed.Add(record.InstanceId);
        }

        Assert.That(listed, Is.EqualTo(new[] { "a", "c" }), "a page whose only record is unreadable still leads to the next");
        Assert.That((await Store.Instances.ListAsync(RecordQuery.All(), None)).Items.Select(r => r.InstanceId), Is.EqualTo(new[] { "a", "c" }));
        var refused = Assert.ThrowsAsync<UnreadableRecordException>(() => Store.Instances.GetAsync("b", None));
        Assert.That((refused!.Collection, refused.Key), Is.EqualTo(("instances", "b")));
        Assert.That(Store.Damage.Unreadable, Is.EqualTo(new[] { "instances/b" }));
        Assert.That(await Store.Instances.GetAsync("a", None), Is.Not.Null);
    }

    /// <summary>Spoils the stored body of a record, as a flipped byte on disk would.</summary>
    protected abstract Task DamageAsync(string collection, string key);
}
