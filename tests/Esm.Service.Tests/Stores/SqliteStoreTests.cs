using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Text;
using Esm.Service.Model;
using Esm.Service.Stores;
using Esm.Service.Stores.Sqlite;
using Esm.Service.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Tests.Stores;

/// <summary>What the SQLite store promises beyond the store contract: its file, its schema, sharing.</summary>
public sealed class SqliteStoreTests
{
    private static CancellationToken None => CancellationToken.None;

    private TemporaryDirectory _directory = null!;

    private string DatabasePath => _directory.File("esm.db");

    [SetUp]
    public void CreateDirectory() => _directory = new TemporaryDirectory();

    [TearDown]
    public void DeleteDirectory() => _directory.Dispose();

    [Test]
    public async Task Open_creates_the_folder_and_a_WAL_database()
    {
        var path = _directory.File("nested/deeper/esm.db");

        using (var store = SqliteStore.Open(path))
        {
            Assert.That(await store.IsReachableAsync(None), Is.True);
        }

        Assert.That(Query(path, "PRAGMA journal_mode"), Is.EqualTo(new[] { "wal" }));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix file modes")]
    [UnsupportedOSPlatform("windows")]
    public async Task The_database_its_wal_and_shm_and_a_folder_it_creates_are_owner_only()
    {
        var folder = _directory.File("data");
        var path = Path.Combine(folder, "esm.db");

        using var store = SqliteStore.Open(path);
        await store.Instances.TryInsertAsync(TestRecords.Instance("i"), None);

        Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), file);
        }
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "Unix file modes")]
    [UnsupportedOSPlatform("windows")]
    public void A_database_readable_by_all_is_made_owner_only_when_opened()
    {
        SqliteStore.Open(DatabasePath).Dispose();
        File.SetUnixFileMode(DatabasePath, File.GetUnixFileMode(DatabasePath) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        SqliteStore.Open(DatabasePath).Dispose();

        Assert.That(File.GetUnixFileMode(DatabasePath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void The_schema_version_is_recorded_and_a_second_open_does_not_migrate_again()
    {
        SqliteStore.Open(DatabasePath).Dispose();
        var recorded = Query(DatabasePath, "SELECT version || ' ' || applied_at FROM schema_version");

        SqliteStore.Open(DatabasePath).Dispose();

        Assert.That(recorded, Has.Count.EqualTo(SqliteSchema.CurrentVersion));
        Assert.That(recorded[0], Does.StartWith("1 "));
        Assert.That(Query(DatabasePath, "SELECT version || ' ' || applied_at FROM schema_version"), Is.EqualTo(recorded));
    }

    [Test]
    public void A_database_of_a_newer_schema_is_refused()
    {
        SqliteStore.Open(DatabasePath).Dispose();
        Query(DatabasePath, "INSERT INTO schema_version (version, applied_at) VALUES (999, 'later')");

        var refusal = Assert.Throws<InvalidOperationException>(() => SqliteStore.Open(DatabasePath));

        Assert.That(refusal?.Message, Does.Contain("999"));
    }

    [Test]
    public async Task Two_stores_on_one_file_see_each_others_writes_and_conflicts()
    {
        // Two stores: two writer connections, each with its committer, contending for the file as two processes do.
        await using var first = SqliteStore.Open(DatabasePath);
        await using var second = SqliteStore.Open(DatabasePath);

        var inserted = await first.Instances.TryInsertAsync(TestRecords.Instance("shared"), None);
        Assert.That((await second.Instances.GetAsync("shared", None))?.Version, Is.EqualTo(1));
        Assert.That(await second.Instances.TryInsertAsync(TestRecords.Instance("shared", 1), None), Is.Null);

        var replaced = await second.Instances.TryReplaceAsync(TestRecords.Instance("shared", 2).WithVersion(1), None);
        Assert.That(await first.Instances.TryReplaceAsync(inserted!, None), Is.Null, "stale in the other store");
        Assert.That((await first.Instances.GetAsync("shared", None))?.ProvisionFingerprint, Is.EqualTo(replaced!.ProvisionFingerprint));
        Assert.That((await first.Instances.ListAsync(RecordQuery.Matching(IndexedField.PlanId, "plan-2"), None)).Items, Has.Count.EqualTo(1));

        var winners = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(writer => Task.Run(async () =>
        {
            var store = writer % 2 == 0 ? first : second;
            for (var round = 0; round < 10; round++)
            {
                var current = await store.Instances.GetAsync("shared", None);
                var next = await store.Instances.TryReplaceAsync(TestRecords.Instance("shared", round) with { Version = current!.Version }, None);
                if (next is not null)
                {
                    winners.Add(next.Version);
                }
            }
        })));

        Assert.That(winners.Order(), Is.EqualTo(Enumerable.Range(3, winners.Count).Select(v => (long)v)), "one winner per version across both");
        Assert.That((await second.Instances.GetAsync("shared", None))?.Version, Is.EqualTo(winners.Count + 2));
    }

    [Test]
    public async Task Dispose_commits_the_writes_already_queued_and_refuses_later_ones()
    {
        var store = SqliteStore.Open(DatabasePath);
        var writes = Enumerable.Range(0, 200).Select(i => store.Manifests.TryInsertAsync(TestRecords.Manifest($"m{i:D3}"), None)).ToList();

        store.Dispose();

        Assert.That(await Task.WhenAll(writes), Has.None.Null);
        Assert.ThrowsAsync<ObjectDisposedException>(() => store.Manifests.TryInsertAsync(TestRecords.Manifest("late"), None));
        Assert.That(Query(DatabasePath, "SELECT count(*) FROM records WHERE collection = 'manifests'"), Is.EqualTo(new[] { "200" }));
    }

    [Test]
    public async Task A_record_is_stored_as_its_json_with_nulls_omitted()
    {
        await using (var store = SqliteStore.Open(DatabasePath))
        {
            await store.Instances.TryInsertAsync(TestRecords.Instance("a"), None);
        }

        var body = Query(DatabasePath, "SELECT body FROM records WHERE key = 'a'").Single();

        Assert.That(body, Is.EqualTo(System.Text.Encoding.UTF8.GetString(StoreJson.Serialize(TestRecords.Instance("a").WithVersion(1)))));
        Assert.That(body, Does.Not.Contain("null"));
    }

    [Test]
    public async Task A_write_that_fails_does_not_fail_the_others_of_its_batch()
    {
        using var connections = new SqliteConnections(DatabasePath);
        using var committer = OpenCommitter(connections);
        using var gate = new ManualResetEventSlim();

        // The first write holds the committer until the others have queued, so they share a batch.
        var holding = committer.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(10)), None);
        var before = committer.WriteAsync(s => s.TryInsert("c", Row("before")), None);
        var failing = committer.WriteAsync(_ => throw new InvalidOperationException("this write's own failure"), None);
        var after = committer.WriteAsync(s => s.TryInsert("c", Row("after")), None);
        gate.Set();

        Assert.That(await holding, Is.True);
        Assert.That(await before, Is.True);
        Assert.That(await after, Is.True);
        Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.That(Query(DatabasePath, "SELECT key FROM records ORDER BY key"), Is.EqualTo(new[] { "after", "before" }));
    }

    [Test]
    public async Task A_write_cancelled_while_queued_is_not_applied()
    {
        using var connections = new SqliteConnections(DatabasePath);
        using var committer = OpenCommitter(connections);
        using var gate = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        using var applying = new ManualResetEventSlim();

        // The cancelled write must queue behind a batch being applied, not join it.
        var holding = committer.WriteAsync(_ =>
        {
            applying.Set();
            return gate.Wait(TimeSpan.FromSeconds(10));
        }, None);
        applying.Wait(TimeSpan.FromSeconds(10));
        var cancelled = committer.WriteAsync(s => s.TryInsert("c", Row("cancelled")), cancellation.Token);
        await cancellation.CancelAsync();
        gate.Set();

        Assert.That(await holding, Is.True);
        Assert.CatchAsync<OperationCanceledException>(() => cancelled);
        Assert.That(Query(DatabasePath, "SELECT count(*) FROM records"), Is.EqualTo(new[] { "0" }));
    }

    [Test]
    public async Task The_index_rows_follow_inserts_replaces_and_deletes()
    {
        await using (var store = SqliteStore.Open(DatabasePath))
        {
            for (var i = 0; i < 12; i++)
            {
                await store.Instances.TryInsertAsync(TestRecords.Instance($"i{i}", i), None);
            }

            // Variants change the plan, the pending and the live fields, or nothing indexed at all.
            for (var i = 0; i < 12; i += 2)
            {
                var current = await store.Instances.GetAsync($"i{i}", None);
                await store.Instances.TryReplaceAsync(TestRecords.Instance($"i{i}", i + 7) with { Version = current!.Version }, None);
            }

            var unchanged = await store.Instances.GetAsync("i1", None);
            await store.Instances.TryReplaceAsync(unchanged! with { UpdatedAt = unchanged.UpdatedAt.AddSeconds(1) }, None);
            Assert.That(await store.Instances.TryReplaceAsync(unchanged, None), Is.Null, "stale");
            Assert.That(await store.Instances.TryDeleteAsync("i3", 1, None), Is.True);
            Assert.That(await store.Instances.TryDeleteAsync("i5", 7, None), Is.False, "stale");
        }

        var indexed = Query(DatabasePath, "SELECT key || ' ' || field || '=' || value FROM record_fields ORDER BY 1");
        var expected = Query(DatabasePath, "SELECT r.key || ' ' || f.key || '=' || f.value FROM records AS r, json_each(r.fields) AS f WHERE f.key <> 'live' ORDER BY 1");
        Assert.That(indexed, Is.EqualTo(expected));
        // The service and plan of each of the 11 records, and pending for the two whose operation
        // runs (variants 5 and 15); live, unselective, has no rows.
        Assert.That(indexed, Has.Count.EqualTo((11 * 2) + 2));
        Assert.That(indexed, Does.Contain("i0 plan_id=plan-1").And.Not.Contain("i0 plan_id=plan-0"));
        Assert.That(indexed, Does.Contain("i5 pending=true").And.Not.Contain("i0 pending=true"));
    }

    [Test]
    public async Task A_database_of_schema_3_drops_the_index_rows_no_query_selects_with()
    {
        using (var writer = new SqliteConnections(DatabasePath).OpenWriter())
        {
            SqliteSchema.Migrate(writer, toVersion: 3);
        }

        // As schema 3 brokers wrote them: every field in the fields column and in record_fields.
        foreach (var (key, variant, fields) in new[]
        {
            ("done", 1, """{"plan_id":"p","pending":"false","live":"true"}"""),
            ("running", 5, """{"plan_id":"p","pending":"true","live":"true"}"""),
            ("gone", 6, """{"plan_id":"p","pending":"false","live":"false"}"""),
        })
        {
            var body = Encoding.UTF8.GetString(StoreJson.Serialize(TestRecords.Instance(key, variant) with { Version = 1 }));
            Query(DatabasePath, "INSERT INTO records (collection, key, version, body, fields) VALUES ('instances', $key, 1, $body, $fields)", new Dictionary<string, object> { ["$key"] = key, ["$body"] = body, ["$fields"] = fields });
        }

        Query(DatabasePath, "INSERT INTO record_fields (collection, field, value, key) SELECT r.collection, f.key, f.value, r.key FROM records AS r, json_each(r.fields) AS f");

        await using (var store = SqliteStore.Open(DatabasePath))
        {
            Assert.That(await KeysAsync(store, new() { [IndexedField.HasPendingOperation] = "true" }), Is.EqualTo(new[] { "running" }));
            Assert.That(await KeysAsync(store, new() { [IndexedField.Live] = "true" }), Is.EqualTo(new[] { "done", "running" }));
            Assert.That(await KeysAsync(store, new() { [IndexedField.Live] = "false", [IndexedField.PlanId] = "p" }), Is.EqualTo(new[] { "gone" }));
        }

        Assert.That(
            Query(DatabasePath, "SELECT key || ' ' || field || '=' || value FROM record_fields ORDER BY 1"),
            Is.EqualTo(new[] { "done plan_id=p", "gone plan_id=p", "running pending=true", "running plan_id=p" }));

        static async Task<IEnumerable<string>> KeysAsync(SqliteStore store, Dictionary<string, string> where) =>
            (await store.Instances.ListAsync(new RecordQuery(where), None)).Items.Select(r => r.InstanceId);
    }

    [Test]
    public async Task A_database_of_schema_1_keeps_its_index_rows_after_the_upgrade()
    {
        using (var writer = new SqliteConnections(DatabasePath).OpenWriter())
        {
            SqliteSchema.Migrate(writer, toVersion: 1);
        }

        Query(DatabasePath, """INSERT INTO records (collection, key, version, body, fields) VALUES ('instances', 'old', 1, '{}', '{"plan_id":"p","pending":"true"}')""");
        Assert.That(Query(DatabasePath, "SELECT count(*) FROM record_fields"), Is.EqualTo(new[] { "2" }), "schema 1 indexes through its triggers");

        await using (var store = SqliteStore.Open(DatabasePath))
        {
            await store.Instances.TryInsertAsync(TestRecords.Instance("new"), None);
            Assert.That(await store.Instances.TryDeleteAsync("old", 1, None), Is.True);
        }

        Assert.That(Query(DatabasePath, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), Is.EqualTo(new[] { "0" }));
        Assert.That(Query(DatabasePath, "SELECT DISTINCT key FROM record_fields"), Is.EqualTo(new[] { "new" }));
    }

    [TestCase(0, false)]
    [TestCase(1, false)]
    [TestCase(3, false)]
    [TestCase(0, true)]
    [TestCase(2, true)]
    public void A_list_reads_in_key_order_from_an_index_without_sorting(int conditions, bool onLive)
    {
        SqliteStore.Open(DatabasePath).Dispose();
        // The unselective condition comes first in the query; the SQL takes it last, as a filter.
        var where = new Dictionary<string, string>();
        if (onLive)
        {
            where[IndexedField.Live] = "true";
        }

        for (var i = 0; i < conditions; i++)
        {
            where[$"field{i}"] = "value";
        }

        var sql = SqliteRecordCollection<ServiceInstanceRecord>.ListSql(new RecordQuery(where, AfterKey: "k"));
        var parameters = new Dictionary<string, object> { ["$collection"] = "c", ["$after"] = "k", ["$limit"] = 101 };
        for (var i = 0; i < conditions; i++)
        {
            parameters[$"$field{i}"] = $"field{i}";
            parameters[$"$value{i}"] = "value";
        }

        if (onLive)
        {
            parameters[$"$field{conditions}"] = IndexedField.Live;
            parameters[$"$value{conditions}"] = "true";
        }

        var plan = string.Join("\n", Query(DatabasePath, "EXPLAIN QUERY PLAN " + sql, parameters));

        Assert.That(plan, Does.Not.Contain("TEMP B-TREE").And.Not.Contain("SCAN"), plan);
        Assert.That(plan, Does.Contain(conditions == 0 ? "USING INDEX sqlite_autoindex_records_1" : "SEARCH f0 USING PRIMARY KEY"), plan);
        Assert.That(sql, onLive ? Does.Contain("r.fields ->>") : Does.Not.Contain("->>"));
    }

    private static SqliteRow Row(string key) => new(key, "{}"u8.ToArray(), new Dictionary<string, string>(), "{}");

    private static SqliteGroupCommitter OpenCommitter(SqliteConnections connections)
    {
        var writer = connections.OpenWriter();
        SqliteSchema.Migrate(writer);
        return new SqliteGroupCommitter(writer);
    }

    /// <summary>Runs SQL on the file through a connection of its own; each row's last column, as text.</summary>
    private static List<string> Query(string path, string sql, IReadOnlyDictionary<string, object>? parameters = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetValue(reader.FieldCount - 1).ToString()!);
        }

        return rows;
    }
}
