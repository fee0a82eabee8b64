using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// The compare-and-set writes, prepared once on the writer connection and shared by every
/// collection (the collection is a parameter). Each runs inside the committer's transaction and
/// decides from rows affected, so a conflict is settled by the database, across processes too.
/// The schema's triggers update the indexed fields with the record.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _replace;
    private readonly SqliteCommand _delete;

    public SqliteWriteStatements(SqliteConnection connection)
    {
        // An existing key makes the insert do nothing; rows affected tells the caller.
        _insert = Prepare(connection, """
            INSERT INTO records (collection, key, version, body, fields)
            VALUES ($collection, $key, 1, CAST($body AS TEXT), $fields)
            ON CONFLICT (collection, key) DO NOTHING
            """, "$collection", "$key", "$body", "$fields");
        _replace = Prepare(connection, """
            UPDATE records SET version = $version + 1, body = CAST($body AS TEXT), fields = $fields
            WHERE collection = $collection AND key = $key AND version = $version
            """, "$collection", "$key", "$version", "$body", "$fields");
        _delete = Prepare(connection, """
            DELETE FROM records WHERE collection = $collection AND key = $key AND version = $version
            """, "$collection", "$key", "$version");
    }

    /// <summary>Makes the statements run in the committer's current transaction.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        _insert.Transaction = transaction;
        _replace.Transaction = transaction;
        _delete.Transaction = transaction;
    }

    public bool TryInsert(string collection, string key, byte[] body, string fields) =>
        Run(_insert, collection, key, ("$body", body), ("$fields", fields));

    public bool TryReplace(string collection, string key, long expectedVersion, byte[] body, string fields) =>
        Run(_replace, collection, key, ("$version", expectedVersion), ("$body", body), ("$fields", fields));

    public bool TryDelete(string collection, string key, long expectedVersion) =>
        Run(_delete, collection, key, ("$version", expectedVersion));

    public void Dispose()
    {
        _insert.Dispose();
        _replace.Dispose();
        _delete.Dispose();
    }

    /// <summary>Whether the statement changed its row (rows changed by triggers are not counted).</summary>
    private static bool Run(SqliteCommand command, string collection, string key, params ReadOnlySpan<(string Name, object Value)> values)
    {
        command.Parameters["$collection"].Value = collection;
        command.Parameters["$key"].Value = key;
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value;
        }

        return command.ExecuteNonQuery() == 1;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }

        return command;
    }
}
