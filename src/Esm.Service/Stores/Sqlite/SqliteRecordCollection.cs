using System.Text;
using Esm.Service.Model;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// One collection of the SQLite store; every collection is this class over the shared tables,
/// told apart by <c>collection</c>. Writes go through the group committer, reads straight to a
/// pooled connection. Records are serialised on the caller's thread, not the committer's.
/// </summary>
/// <remarks>
/// Key order is SQLite's BINARY order (UTF-8 bytes), which is ordinal order except between
/// characters above U+FFFF and U+E000..U+FFFF; paging is exact either way, as it pages on the
/// order it sorts by.
/// </remarks>
public sealed class SqliteRecordCollection<T> : IRecordCollection<T> where T : class, IStoredRecord<T>
{
    private readonly string _name;
    private readonly SqliteConnections _connections;
    private readonly SqliteGroupCommitter _committer;
    private readonly StoreDamage _damage;

    internal SqliteRecordCollection(string name, SqliteConnections connections, SqliteGroupCommitter committer, StoreDamage damage)
    {
        _name = name;
        _connections = connections;
        _committer = committer;
        _damage = damage;
    }

    // Reads are synchronous inside: Microsoft.Data.Sqlite's async methods only wrap its synchronous
    // ones, and a point read takes microseconds.
    public Task<T?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var reader = _connections.RentReader();
        using var row = reader.ReadBody(_name, key);
        return Task.FromResult(row.Read() ? _damage.Read(_name, key, () => Read(row, 0)) : null);
    }

    public async Task<T?> TryInsertAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(1);
        var row = SqliteRow.Of(stored);
        var inserted = await _committer.WriteAsync(s => s.TryInsert(_name, row), cancellationToken);
        return inserted ? stored : null;
    }

    public async Task<T?> TryReplaceAsync(T record, CancellationToken cancellationToken)
    {
        var stored = record.WithVersion(record.Version + 1);
        var row = SqliteRow.Of(stored);
        var replaced = await _committer.WriteAsync(s => s.TryReplace(_name, row, record.Version), cancellationToken);
        return replaced ? stored : null;
    }

    public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) =>
        _committer.WriteAsync(s => s.TryDelete(_name, key, expectedVersion), cancellationToken);

    public Task<RecordPage<T>> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        cancellationToken.ThrowIfCancellationRequested();
        using var reader = _connections.RentReader();
        using var command = reader.Connection.CreateCommand();
        command.CommandText = ListSql(query);
        command.Parameters.AddWithValue("$collection", _name);
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        if (query.AfterKey is not null)
        {
            command.Parameters.AddWithValue("$after", query.AfterKey);
        }

        var conditions = Conditions(query);
        for (var i = 0; i < conditions.Count; i++)
        {
            command.Parameters.AddWithValue($"$field{i}", conditions[i].Key);
            command.Parameters.AddWithValue($"$value{i}", conditions[i].Value);
        }

        // A record that cannot be read is left out of the page, which still continues after its key.
        var rows = new List<(string Key, T? Record)>();
        using var found = command.ExecuteReader();
        while (found.Read())
        {
            var key = found.GetString(0);
            rows.Add((key, _damage.TryRead(_name, key, () => Read(found, 1))));
        }

        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return Task.FromResult(new RecordPage<T>([.. rows.Select(row => row.Record).OfType<T>()], hasMore ? rows[^1].Key : null));
    }

    /// <summary>
    /// The first condition on an indexed field drives through record_fields' primary key, already
    /// in key order (CROSS JOIN keeps SQLite from reordering the loops, which would need a sort and
    /// read every match to return one page); each further one is a primary-key probe of
    /// record_fields. Without one, the records' primary key gives key order. Unselective fields
    /// have no index rows (see <see cref="IndexedField.IsUnselective"/>): they are matched on the
    /// fields column of each record read.
    /// </summary>
    internal static string ListSql(RecordQuery query)
    {
        var conditions = Conditions(query);
        var indexed = conditions.Count(condition => !IndexedField.IsUnselective(condition.Key));
        var sql = new StringBuilder();
        if (indexed == 0)
        {
            sql.Append($"SELECT r.key, r.body FROM records AS r WHERE r.collection = $collection{After("r.key")}");
        }
        else
        {
            sql.Append($"""
                SELECT r.key, r.body FROM record_fields AS f0 CROSS JOIN records AS r ON r.collection = f0.collection AND r.key = f0.key
                WHERE f0.collection = $collection AND f0.field = $field0 AND f0.value = $value0{After("f0.key")}
                """);
        }

        for (var i = 1; i < indexed; i++)
        {
            sql.Append($"""

                AND EXISTS (SELECT 1 FROM record_fields AS f{i}
                    WHERE f{i}.collection = f0.collection AND f{i}.key = f0.key AND f{i}.field = $field{i} AND f{i}.value = $value{i})
                """);
        }

        for (var i = indexed; i < conditions.Count; i++)
        {
            sql.Append($"\nAND r.fields ->> $field{i} = $value{i}");
        }

        return sql.Append(indexed == 0 ? "\nORDER BY r.key LIMIT $limit" : "\nORDER BY f0.key LIMIT $limit").ToString();

        string After(string keyColumn) => query.AfterKey is null ? "" : $" AND {keyColumn} > $after";
    }

    /// <summary>The query's conditions, those on indexed fields first, numbered as the SQL's parameters.</summary>
    private static List<KeyValuePair<string, string>> Conditions(RecordQuery query) =>
        [.. query.Where.OrderBy(condition => IndexedField.IsUnselective(condition.Key))];

    private static T Read(SqliteDataReader reader, int bodyColumn) => StoreJson.Deserialize<T>(reader.GetFieldValue<byte[]>(bodyColumn));
}
