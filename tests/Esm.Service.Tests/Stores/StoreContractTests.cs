using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Model;
using Esm.Service.Stores;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// What every <see cref="IStore"/> must do, for each of its collections. A store's fixture
/// subclasses this (or <see cref="DurableStoreContractTests"/>) and says how to make one; the tests
/// know nothing else of it.
/// </summary>
public abstract partial class StoreContractTests
{
    protected IStore Store { get; set; } = null!;

    private static CancellationToken None => CancellationToken.None;

    public static IEnumerable<TestCaseData> Kinds() =>
    [
        new TestCaseData(TestRecords.Instances).SetArgDisplayNames("instances"),
        new TestCaseData(TestRecords.Bindings).SetArgDisplayNames("bindings"),
        new TestCaseData(TestRecords.ServiceTypes).SetArgDisplayNames("service_types"),
        new TestCaseData(TestRecords.Manifests).SetArgDisplayNames("manifests"),
    ];

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> left behind, once the store is closed.</summary>
    protected virtual Task DeleteStoreDataAsync() => Task.CompletedTask;

    [SetUp]
    public async Task OpenStoreAsync() => Store = await CreateStoreAsync();

    [TearDown]
    public async Task CloseStoreAsync()
    {
        await CloseAsync(Store);
        await DeleteStoreDataAsync();
    }

    [Test]
    public async Task Store_is_reachable() => Assert.That(await Store.IsReachableAsync(None), Is.True);

    [TestCaseSource(nameof(Kinds))]
    public async Task Insert_stores_the_record_at_version_1<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);

        var inserted = await collection.TryInsertAsync(kind.Build("a", 1).WithVersion(7), None);

        Assert.That(inserted?.Version, Is.EqualTo(1), "the store numbers versions, whatever the caller sent");
        AssertSameContent(await collection.GetAsync(inserted!.Key, None), inserted);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Get_of_a_missing_key_is_null<T>(RecordKind<T> kind) where T : class, IStoredRecord<T> =>
        Assert.That(await kind.In(Store).GetAsync(kind.Build("missing").Key, None), Is.Null);

    [TestCaseSource(nameof(Kinds))]
    public async Task Insert_of_an_existing_key_is_refused_and_the_record_unchanged<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var first = await collection.TryInsertAsync(kind.Build("a", 1), None);

        Assert.That(await collection.TryInsertAsync(kind.Build("a", 2), None), Is.Null);
        AssertSameContent(await collection.GetAsync(first!.Key, None), first);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Replace_stores_the_next_version<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var inserted = await collection.TryInsertAsync(kind.Build("a", 1), None);

        var second = await collection.TryReplaceAsync(kind.Build("a", 2).WithVersion(inserted!.Version), None);
        var third = await collection.TryReplaceAsync(kind.Build("a", 3).WithVersion(2), None);

        Assert.That(second?.Version, Is.EqualTo(2));
        Assert.That(third?.Version, Is.EqualTo(3));
        AssertSameContent(await collection.GetAsync(inserted.Key, None), kind.Build("a", 3).WithVersion(3));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Replace_with_a_stale_version_is_refused_and_the_record_unchanged<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        await collection.TryInsertAsync(kind.Build("a", 1), None);
        var current = await collection.TryReplaceAsync(kind.Build("a", 2).WithVersion(1), None);

        Assert.That(await collection.TryReplaceAsync(kind.Build("a", 3).WithVersion(1), None), Is.Null, "older version");
        Assert.That(await collection.TryReplaceAsync(kind.Build("a", 3).WithVersion(3), None), Is.Null, "version never stored");
        AssertSameContent(await collection.GetAsync(current!.Key, None), current);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Replace_of_a_missing_record_is_refused_and_creates_nothing<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var record = kind.Build("missing").WithVersion(1);

        Assert.That(await collection.TryReplaceAsync(record, None), Is.Null);
        Assert.That(await collection.GetAsync(record.Key, None), Is.Null);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Delete_with_the_current_version_removes_the_record<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var inserted = await collection.TryInsertAsync(kind.Build("a", 1), None);

        Assert.That(await collection.TryDeleteAsync(inserted!.Key, 1, None), Is.True);
        Assert.That(await collection.GetAsync(inserted.Key, None), Is.Null);
        Assert.That((await collection.ListAsync(RecordQuery.All(), None)).Items, Is.Empty);
        Assert.That(await collection.TryDeleteAsync(inserted.Key, 1, None), Is.False, "already gone");
        Assert.That((await collection.TryInsertAsync(kind.Build("a", 2), None))?.Version, Is.EqualTo(1), "the key is free again");
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Delete_with_a_stale_version_is_refused_and_the_record_unchanged<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        await collection.TryInsertAsync(kind.Build("a", 1), None);
        var current = await collection.TryReplaceAsync(kind.Build("a", 2).WithVersion(1), None);

        Assert.That(await collection.TryDeleteAsync(current!.Key, 1, None), Is.False, "older version");
        Assert.That(await collection.TryDeleteAsync(current.Key, 3, None), Is.False, "version never stored");
        AssertSameContent(await collection.GetAsync(current.Key, None), current);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task List_matches_on_each_indexed_field_and_on_several<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var records = Enumerable.Range(0, 30).Select(i => kind.Build($"r{i:D2}", i)).ToList();
        await InsertAllAsync(collection, records);

        var queries = records
            .SelectMany(r => r.IndexedFields)
            .Distinct()
            .Select(field => new Dictionary<string, string> { [field.Key] = field.Value })
            .Append(new Dictionary<string, string>(records[7].IndexedFields))
            .ToList();
        Assert.That(queries, Has.Count.GreaterThan(records[0].IndexedFields.Count), "the builder varies the indexed fields");
        foreach (var where in queries)
        {
            var expected = records.Where(r => where.All(c => Holds(r, c.Key, c.Value))).Select(r => r.Key).Order(StringComparer.Ordinal);
            var page = await collection.ListAsync(new RecordQuery(where, Limit: 1000), None);
            Assert.That(page.Items.Select(r => r.Key), Is.EqualTo(expected), string.Join(", ", where));
            Assert.That(page.NextAfterKey, Is.Null);
        }

        var field = records[0].IndexedFields.Keys.First();
        Assert.That((await collection.ListAsync(RecordQuery.Matching(field, "no such value"), None)).Items, Is.Empty);
        Assert.That((await collection.ListAsync(RecordQuery.Matching("no_such_field", "x"), None)).Items, Is.Empty);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task List_pages_through_every_record_once_in_key_order<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var records = Enumerable.Range(0, 250).Select(i => kind.Build($"r{i:D3}", i)).ToList();
        await InsertAllAsync(collection, records);

        var pages = await AllPagesAsync(collection, new Dictionary<string, string>(), 100);

        Assert.That(pages.Select(p => p.Items.Count), Is.EqualTo(new[] { 100, 100, 50 }));
        Assert.That(pages.SelectMany(p => p.Items).Select(r => r.Key), Is.EqualTo(records.Select(r => r.Key).Order(StringComparer.Ordinal)));
        Assert.That(pages[0].NextAfterKey, Is.EqualTo(pages[0].Items[^1].Key));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task List_pages_through_a_filtered_set<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var records = Enumerable.Range(0, 60).Select(i => kind.Build($"r{i:D2}", i)).ToList();
        await InsertAllAsync(collection, records);

        // Each field of the first record, so that a store's index rows and its unselective fields
        // (see IndexedField.IsUnselective) both page.
        foreach (var (field, value) in records[0].IndexedFields)
        {
            var pages = await AllPagesAsync(collection, new Dictionary<string, string> { [field] = value }, 4);

            var expected = records.Where(r => Holds(r, field, value)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
            Assert.That(expected, Has.Count.GreaterThan(8), $"enough matches of {field} for several pages");
            Assert.That(pages.SelectMany(p => p.Items).Select(r => r.Key), Is.EqualTo(expected), field);
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public void List_refuses_a_limit_below_1<T>(RecordKind<T> kind) where T : class, IStoredRecord<T> =>
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => kind.In(Store).ListAsync(RecordQuery.All(limit: 0), None));

    [TestCaseSource(nameof(Kinds))]
    public async Task Replace_and_delete_keep_the_indexed_fields_current<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var before = (await collection.TryInsertAsync(kind.Build("a", 0), None))!;
        var after = (await collection.TryReplaceAsync(kind.Build("a", 1).WithVersion(1), None))!;
        var changed = before.IndexedFields.Where(f => !Holds(after, f.Key, f.Value)).ToList();
        Assert.That(changed, Is.Not.Empty, "the builder's variants 0 and 1 differ in an indexed field");

        foreach (var (field, oldValue) in changed)
        {
            Assert.That(await KeysMatchingAsync(collection, field, oldValue), Is.Empty, $"{field} was {oldValue}");
            if (after.IndexedFields.TryGetValue(field, out var newValue))
            {
                Assert.That(await KeysMatchingAsync(collection, field, newValue), Is.EqualTo(new[] { after.Key }), $"{field} is now {newValue}");
            }
        }

        await collection.TryDeleteAsync(after.Key, after.Version, None);
        foreach (var (field, value) in after.IndexedFields)
        {
            Assert.That(await KeysMatchingAsync(collection, field, value), Is.Empty, $"deleted, {field}");
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Json_content_round_trips_exactly<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var inserted = await collection.TryInsertAsync(kind.BuildRich("rich"), None);

        var read = await collection.GetAsync(inserted!.Key, None);
        var listed = (await collection.ListAsync(RecordQuery.All(), None)).Items.Single();

        AssertSameContent(read, inserted);
        AssertSameContent(listed, inserted);
        var json = JsonNode.Parse(StoreJson.Serialize(read))!;
        var rich = json.AsObject().Select(p => p.Value).OfType<JsonObject>().First(o => o.ContainsKey("big"));
        Assert.That(rich["unicode"]!.GetValue<string>(), Is.EqualTo(TestRecords.RichUnicode));
        Assert.That(rich["big"]!.ToJsonString(), Is.EqualTo("123456789012345678901234567890"));
        Assert.That(rich["precise"]!.ToJsonString(), Is.EqualTo("0.1000000000000000055511151231257827021181583404541015625"));
        Assert.That(rich.ContainsKey("explicit_null") && rich["explicit_null"] is null, "a null inside JSON content is kept");
        Assert.That(JsonNode.DeepEquals(rich, TestRecords.RichJson()), Is.True);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Changing_the_json_of_a_record_written_or_read_leaves_the_stored_one_unchanged<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var inserted = kind.BuildRich("inserted");
        var replacing = kind.BuildRich("replaced");
        var declared = JsonMembers.DeclaredIn(typeof(T));
        Assert.That(declared, Is.Not.Empty);
        Assert.That(JsonMembers.FoundIn(inserted).Select(m => m.Member), Is.SupersetOf(declared), "the rich record sets every JSON member");
        await collection.TryInsertAsync(kind.Build("replaced"), None);
        T[] expected = [(await collection.TryInsertAsync(inserted, None))!, (await collection.TryReplaceAsync(replacing.WithVersion(1), None))!];
        var stored = expected.Select(r => Encoding.UTF8.GetString(StoreJson.Serialize(r))).ToList();

        JsonMembers.Mutate(inserted);
        JsonMembers.Mutate(replacing);
        foreach (var record in expected)
        {
            JsonMembers.Mutate((await collection.GetAsync(record.Key, None))!);
        }

        foreach (var record in (await collection.ListAsync(RecordQuery.All(), None)).Items)
        {
            JsonMembers.Mutate(record);
        }

        var read = await Task.WhenAll(expected.Select(r => collection.GetAsync(r.Key, None)));
        Assert.That(read.Select(r => Encoding.UTF8.GetString(StoreJson.Serialize(r))), Is.EqualTo(stored));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Keys_of_any_characters_are_kept_apart<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        string[] ids = ["", " ", "a", "A", "a/b", "a b", "a%20b", "'; DROP TABLE records; --", "\"quoted\"", "ü", "u\u0308", "日本", "😀", "\uE000", "\uFFFD", "a\tb"];
        var records = ids.Select((id, i) => kind.Build(id, i)).ToList();
        Assert.That(records.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(ids.Length));

        await InsertAllAsync(collection, records);

        foreach (var record in records)
        {
            AssertSameContent(await collection.GetAsync(record.Key, None), record.WithVersion(1));
        }

        // Stores may differ in how they order such keys, but paging must return each exactly once.
        var listed = (await AllPagesAsync(collection, new Dictionary<string, string>(), 3)).SelectMany(p => p.Items).Select(r => r.Key).ToList();
        Assert.That(listed, Is.EquivalentTo(records.Select(r => r.Key)));
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Concurrent_replaces_have_one_winner_per_version<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var key = (await collection.TryInsertAsync(kind.Build("contended"), None))!.Key;
        var winners = new ConcurrentBag<T>();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
            {
                var current = await collection.GetAsync(key, None);
                var replaced = await collection.TryReplaceAsync(kind.Build("contended", (writer * 10) + round).WithVersion(current!.Version), None);
                if (replaced is not null)
                {
                    winners.Add(replaced);
                }
            }
        })));

        var versions = winners.Select(w => w.Version).Order().ToList();
        Assert.That(versions, Is.EqualTo(Enumerable.Range(2, versions.Count).Select(v => (long)v)), "one winner per version step");
        var final = await collection.GetAsync(key, None);
        Assert.That(final!.Version, Is.EqualTo(winners.Count + 1));
        AssertSameContent(final, winners.MaxBy(w => w.Version)!);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Concurrent_inserts_of_one_key_have_one_winner<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => collection.TryInsertAsync(kind.Build("same", i), None))));

        var winner = results.OfType<T>().Single();
        AssertSameContent(await collection.GetAsync(winner.Key, None), winner);
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Concurrent_writes_get_their_own_outcomes<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var ids = Enumerable.Range(0, 32).Select(i => $"r{i:D2}").ToList();
        var records = ids.Select((id, i) => kind.Build(id, i)).ToList();
        await InsertAllAsync(collection, records);

        // Fresh and stale writes at once, so that they likely share a batch in a store that batches.
        var outcomes = await Task.WhenAll(records.Select((record, i) => Task.Run(async () => (i % 4) switch
        {
            0 => await collection.TryReplaceAsync(kind.Build(ids[i], i + 1).WithVersion(1), None) is not null,
            1 => await collection.TryReplaceAsync(kind.Build(ids[i], i + 1).WithVersion(2), None) is not null,
            2 => await collection.TryDeleteAsync(record.Key, 1, None),
            _ => await collection.TryDeleteAsync(record.Key, 2, None),
        })));

        Assert.That(outcomes, Is.EqualTo(records.Select((_, i) => i % 2 == 0)));
        for (var i = 0; i < records.Count; i++)
        {
            var stored = await collection.GetAsync(records[i].Key, None);
            Assert.That(stored?.Version, Is.EqualTo((i % 4) switch { 0 => 2, 1 => 1, 2 => (long?)null, _ => 1 }), records[i].Key);
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public async Task Pages_read_during_writes_hold_each_untouched_record_once_and_only_matching_ones<T>(RecordKind<T> kind) where T : class, IStoredRecord<T>
    {
        var collection = kind.In(Store);
        var untouched = Enumerable.Range(0, 40).Select(i => kind.Build($"r{i:D2}", i % 2)).ToList();
        await InsertAllAsync(collection, untouched);
        var (field, value) = untouched[0].IndexedFields.First(f => !Holds(kind.Build("r00", 1), f.Key, f.Value));
        var where = new Dictionary<string, string> { [field] = value };
        var expected = untouched.Where(r => Holds(r, field, value)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();

        // Keys between the untouched ones come, move out of the query and back, and go.
        var churn = Task.Run(async () =>
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var id in Enumerable.Range(0, 40).Select(i => $"r{i:D2}-{round}"))
                {
                    var inserted = (await collection.TryInsertAsync(kind.Build(id, 0), None))!;
                    var moved = (await collection.TryReplaceAsync(kind.Build(id, 1).WithVersion(inserted.Version), None))!;
                    var back = (await collection.TryReplaceAsync(kind.Build(id, 0).WithVersion(moved.Version), None))!;
                    Assert.That(await collection.TryDeleteAsync(back.Key, back.Version, None), Is.True);
                }
            }
        });

        var readings = 0;
        do
        {
            var listed = (await AllPagesAsync(collection, where, 7)).SelectMany(p => p.Items).ToList();
            Assert.That(listed.Where(r => !Holds(r, field, value)), Is.Empty, "only records that match");
            Assert.That(listed.Select(r => r.Key), Is.Unique.And.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(listed.Select(r => r.Key).Intersect(expected), Is.EqualTo(expected), "every untouched record");
            readings++;
        }
        while (!churn.IsCompleted || readings < 2);

        await churn;
        var after = (await AllPagesAsync(collection, where, 7)).SelectMany(p => p.Items).Select(r => r.Key);
        Assert.That(after, Is.EqualTo(expected), "the churned records are gone");
    }

    [Test]
    public async Task Collections_keep_equal_keys_apart()
    {
        await Store.Instances.TryInsertAsync(TestRecords.Instance("same"), None);
        await Store.ServiceTypes.TryInsertAsync(TestRecords.ServiceType("same"), None);
        await Store.Manifests.TryInsertAsync(TestRecords.Manifest("same"), None);

        Assert.That(await Store.Manifests.TryDeleteAsync("same", 1, None), Is.True);
        Assert.That(await Store.Instances.GetAsync("same", None), Is.Not.Null);
        Assert.That(await Store.ServiceTypes.GetAsync("same", None), Is.Not.Null);
        Assert.That((await Store.Instances.ListAsync(RecordQuery.All(), None)).Items, Has.Count.EqualTo(1));
        Assert.That((await Store.Bindings.ListAsync(RecordQuery.All(), None)).Items, Is.Empty);
    }

    /// <summary>Same content and version; records hold JSON objects, which compare by reference, so compare their JSON.</summary>
    protected static void AssertSameContent<T>(T? actual, T expected) where T : class
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(Encoding.UTF8.GetString(StoreJson.Serialize(actual)), Is.EqualTo(Encoding.UTF8.GetString(StoreJson.Serialize(expected))));
    }

    protected static async Task InsertAllAsync<T>(IRecordCollection<T> collection, IEnumerable<T> records) where T : class, IStoredRecord<T>
    {
        foreach (var record in records)
        {
            Assert.That(await collection.TryInsertAsync(record, None), Is.Not.Null, record.Key);
        }
    }

    private static async Task<List<RecordPage<T>>> AllPagesAsync<T>(IRecordCollection<T> collection, IReadOnlyDictionary<string, string> where, int limit)
        where T : class, IStoredRecord<T>
    {
        var pages = new List<RecordPage<T>>();
        string? after = null;
        do
        {
            var page = await collection.ListAsync(new RecordQuery(where, after, limit), None);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(limit));
            pages.Add(page);
            after = page.NextAfterKey;
        }
        while (after is not null && pages.Count <= 1000);

        return pages;
    }

    /// <summary>Whether the record holds the field with that value; a field can be absent (see <see cref="IndexedField.HasPendingOperation"/>).</summary>
    protected static bool Holds<T>(IStoredRecord<T> record, string field, string value) where T : IStoredRecord<T> =>
        record.IndexedFields.TryGetValue(field, out var held) && held == value;

    protected static async Task<IEnumerable<string>> KeysMatchingAsync<T>(IRecordCollection<T> collection, string field, string value)
        where T : class, IStoredRecord<T> =>
        (await collection.ListAsync(RecordQuery.Matching(field, value, 1000), None)).Items.Select(r => r.Key);

    protected static async Task CloseAsync(IStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
