using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;

namespace Esm.Service.Tests.Stores;

/// <summary>The in-memory store keeps nothing across a restart, so it is held to the contract without reopening.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new InMemoryStore());

    [Test]
    public async Task The_index_catches_up_with_many_concurrent_writes_whoever_applies_them()
    {
        // Several background batches' worth of writes from concurrent writers, some of them to the
        // same keys, interleaved with pages that make the index catch up in the middle of it all.
        var collection = Store.Instances;
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var id = $"k{(writer * 1000 + i) % 3000:D4}";
                if (await collection.GetAsync(id, CancellationToken.None) is not { } current)
                {
                    await collection.TryInsertAsync(TestRecords.Instance(id, i % 7), CancellationToken.None);
                }
                else if (i % 5 == 0)
                {
                    await collection.TryDeleteAsync(id, current.Version, CancellationToken.None);
                }
                else
                {
                    await collection.TryReplaceAsync(TestRecords.Instance(id, (i + writer) % 7) with { Version = current.Version }, CancellationToken.None);
                }

                if (i % 250 == 0)
                {
                    await collection.ListAsync(new RecordQuery(new Dictionary<string, string>(), Limit: 10), CancellationToken.None);
                }
            }
        })).ToList();
        await Task.WhenAll(writers);

        var stored = new List<IStoredRecord<ServiceInstanceRecord>>();
        for (var i = 0; i < 3000; i++)
        {
            if (await collection.GetAsync($"k{i:D4}", CancellationToken.None) is { } record)
            {
                stored.Add(record);
            }
        }

        Assert.That(stored, Has.Count.GreaterThan(InMemoryRecordIndex<ServiceInstanceRecord>.BackgroundBatch), "enough writes for background passes");
        Assert.That(await KeysAsync(collection, new Dictionary<string, string>()), Is.EqualTo(stored.Select(r => r.Key)));
        foreach (var (field, value) in stored.SelectMany(r => r.IndexedFields).Distinct())
        {
            var expected = stored.Where(r => Holds(r, field, value)).Select(r => r.Key);
            Assert.That(await KeysAsync(collection, new Dictionary<string, string> { [field] = value }), Is.EqualTo(expected), $"{field}={value}");
        }
    }

    private static async Task<List<string>> KeysAsync(IRecordCollection<ServiceInstanceRecord> collection, Dictionary<string, string> where)
    {
        var keys = new List<string>();
        string? after = null;
        do
        {
            var page = await collection.ListAsync(new RecordQuery(where, after, 500), CancellationToken.None);
            keys.AddRange(page.Items.Select(r => ((IStoredRecord<ServiceInstanceRecord>)r).Key));
            after = page.NextAfterKey;
        }
        while (after is not null);

        return keys;
    }
}
