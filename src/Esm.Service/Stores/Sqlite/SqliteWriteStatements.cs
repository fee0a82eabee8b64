using Esm.Service.Model;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// The compare-and-set writes, prepared once on the writer connection and shared by every
/// collection (the collection is a parameter). Each runs inside the committer's transaction, which
/// holds the database's write lock, so a version read there still holds when the write follows; a
/// conflict is settled by the database, across processes too. Each write also keeps the record's
/// index rows in record_fields in step, touching only those whose value changes and leaving out
/// unselective fields, since every index entry written costs a page in the WAL.
/// </summary>
internal sealed class SqliteWriteStatements : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _readFields;
    private readonly SqliteCommand _replace;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _insertField;
    private readonly SqliteCommand _deleteField;

    public SqliteWriteStatements(SqliteConnection connection)
    {
        // An existing key makes the insert do nothing; rows affected tells the caller.
        _insert = Prepare(connection, """
            INSERT INTO records (collection, key, version, body, fields)
            VALUES ($collection, $key, 1, CAST($body AS TEXT), $fields)
            ON CONFLICT (collection, key) DO NOTHING
            """, "$collection", "$key", "$body", "$fields");
        _readFields = Prepare(connection, """
            SELECT fields FROM records WHERE collection = $collection AND key = $key AND version = $version
            """, "$collection", "$key", "$version");
        _replace = Prepare(connection, """
            UPDATE records SET version = $version + 1, body = CAST($body AS TEXT), fields = $fields
            WHERE collection = $collection AND key = $key AND version = $version
            """, "$collection", "$key", "$version", "$body", "$fields");
        _delete = Prepare(connection, """
            DELETE FROM records WHERE collection = $collection AND key = $key AND version = $version
            """, "$collection", "$key", "$version");
        _insertField = Prepare(connection, """
            INSERT INTO record_fields (collection, field, value, key) VALUES ($collection, $field, $value, $key)
            ON CONFLICT DO NOTHING
            """, "$collection", "$key", "$field", "$value");
        _deleteField = Prepare(connection, """
            DELETE FROM record_fields WHERE collection = $collection AND field = $field AND value = $value AND key = $key
            """, "$collection", "$key", "$field", "$value");
    }

    /// <summary>Makes the statements run in the committer's current transaction.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        _insert.Transaction = transaction;
        _readFields.Transaction = transaction;
        _replace.Transaction = transaction;
        _delete.Transaction = transaction;
        _insertField.Transaction = transaction;
        _deleteField.Transaction = transaction;
    }

    public bool TryInsert(string collection, SqliteRow row)
    {
        if (!Run(_insert, collection, row.Key, ("$body", row.Body), ("$fields", row.FieldsJson)))
        {
            return false;
        }

        WriteIndex(collection, row.Key, null, row.Fields);
        return true;
    }

    public bool TryReplace(string collection, SqliteRow row, long expectedVersion)
    {
        if (ReadFields(collection, row.Key, expectedVersion) is not { } storedFields)
        {
            return false;
        }

        Run(_replace, collection, row.Key, ("$version", expectedVersion), ("$body", row.Body), ("$fields", row.FieldsJson));
        if (storedFields != row.FieldsJson)
        {
            WriteIndex(collection, row.Key, SqliteRow.ParseFields(storedFields), row.Fields);
        }

        return true;
    }

    public bool TryDelete(string collection, string key, long expectedVersion)
    {
        if (ReadFields(collection, key, expectedVersion) is not { } storedFields)
        {
            return false;
        }

        Run(_delete, collection, key, ("$version", expectedVersion));
        WriteIndex(collection, key, SqliteRow.ParseFields(storedFields), null);
        return true;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _readFields.Dispose();
        _replace.Dispose();
        _delete.Dispose();
        _insertField.Dispose();
        _deleteField.Dispose();
    }

    /// <summary>
    /// Takes the record's index rows from the fields it had to those it has; null is no record.
    /// Unselective fields get no rows: a list matches them on the record's own fields column.
    /// </summary>
    private void WriteIndex(string collection, string key, IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string>? after)
    {
        foreach (var (field, value) in IndexedFieldChanges.Leaving(before, after).Where(HasIndexRows))
        {
            Run(_deleteField, collection, key, ("$field", field), ("$value", value));
        }

        foreach (var (field, value) in IndexedFieldChanges.Leaving(after, before).Where(HasIndexRows))
        {
            Run(_insertField, collection, key, ("$field", field), ("$value", value));
        }

        static bool HasIndexRows(KeyValuePair<string, string> field) => !IndexedField.IsUnselective(field.Key);
    }

    /// <summary>The stored fields of the record at <paramref name="version"/>; null when it is gone or at another version.</summary>
    private string? ReadFields(string collection, string key, long version)
    {
        Bind(_readFields, collection, key, ("$version", version));
        return _readFields.ExecuteScalar() as string;
    }

    /// <summary>Whether the statement changed a row.</summary>
    private static bool Run(SqliteCommand command, string collection, string key, params ReadOnlySpan<(string Name, object Value)> values)
    {
        Bind(command, collection, key, values);
        return command.ExecuteNonQuery() == 1;
    }

    private static void Bind(SqliteCommand command, string collection, string key, params ReadOnlySpan<(string Name, object Value)> values)
    {
        command.Parameters["$collection"].Value = collection;
        command.Parameters["$key"].Value = key;
        foreach (var (name, value) in values)
        {
            command.Parameters[name].Value = value;
        }
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
