using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// The database layout and how a database reaches it: ordered migrations, each applied once and
/// recorded in <c>schema_version</c>. A released migration is never edited; a change is a new one.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migration n (from 1) is element n - 1.</summary>
    private static readonly string[] Migrations =
    [
        // One records table for every collection: they share one shape (key, version, JSON body),
        // which is what lets one generic collection class serve them all. The body is JSON text so
        // that an operator can read it with the sqlite3 shell; fields is the record's indexed
        // fields as a JSON object of strings.
        //
        // Indexed fields live in a side table rather than in columns because each collection has
        // its own fields and a new field then needs no migration. Its primary key (collection,
        // field, value, key) answers "field = value" in key order straight from the b-tree, so a
        // keyset page reads only the rows it returns. Triggers keep it in step with records inside
        // the writing statement itself: no writer (another process, the sqlite3 shell) can leave
        // it stale, and an update touches only the fields whose value changed, since every index
        // entry written costs a page in the WAL.
        """
        CREATE TABLE records (
            collection TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            body TEXT NOT NULL,
            fields TEXT NOT NULL,
            PRIMARY KEY (collection, key)
        ) STRICT;

        CREATE TABLE record_fields (
            collection TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (collection, field, value, key)
        ) STRICT, WITHOUT ROWID;

        CREATE TRIGGER record_fields_after_insert AFTER INSERT ON records BEGIN
            INSERT INTO record_fields (collection, field, value, key)
            SELECT new.collection, f.key, f.value, new.key FROM json_each(new.fields) AS f;
        END;

        CREATE TRIGGER record_fields_after_update AFTER UPDATE OF fields ON records BEGIN
            DELETE FROM record_fields
            WHERE collection = old.collection AND key = old.key AND (field, value) IN (
                SELECT o.key, o.value FROM json_each(old.fields) AS o
                LEFT JOIN json_each(new.fields) AS n ON n.key = o.key
                WHERE n.value IS NOT o.value);
            INSERT INTO record_fields (collection, field, value, key)
            SELECT new.collection, f.key, f.value, new.key FROM json_each(new.fields) AS f WHERE true
            ON CONFLICT DO NOTHING;
        END;

        CREATE TRIGGER record_fields_after_delete AFTER DELETE ON records BEGIN
            DELETE FROM record_fields
            WHERE collection = old.collection AND key = old.key
                AND (field, value) IN (SELECT f.key, f.value FROM json_each(old.fields) AS f);
        END;
        """,

        // The store's write statements now keep record_fields in step themselves, in the writing
        // transaction: they know the new fields, read the old ones with the version check, and
        // write only the index rows that change. The triggers parsed both JSON field sets with
        // json_each on every write, which tripled the CPU and halved the throughput of a
        // provision's two writes. A broker of schema 1 refuses this database, so no writer
        // without the maintenance can start on it; stop older brokers before upgrading.
        """
        DROP TRIGGER record_fields_after_insert;
        DROP TRIGGER record_fields_after_update;
        DROP TRIGGER record_fields_after_delete;
        """,

        // The store's identity (see IStore.Identity), made once, in the migration that creates it:
        // a database that began anew (a truncated or replaced file) gets another one, so nothing
        // labelled with the old one is ever taken for its own. Databases that existed before get
        // one too; what their brokers labelled before carries none, and is left alone.
        """
        CREATE TABLE store_identity (identity TEXT NOT NULL) STRICT;
        INSERT INTO store_identity (identity) SELECT lower(hex(randomblob(16)));
        """,

        // Index rows only where a query selects with them (see IndexedField): none for live, which
        // nearly every instance holds as "true" and lists match on records' fields column instead,
        // and none for a finished record's pending "false", which no query asks for. Each was a
        // random page of the index in every provision's WAL. Older brokers wrote both; a record's
        // fields column keeps its pending "false" until its next write, which only drops it.
        """
        DELETE FROM record_fields WHERE field = 'live' OR (field = 'pending' AND value = 'false');
        """,
    ];

    /// <summary>The identity the migrations recorded.</summary>
    public static string Identity(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT identity FROM store_identity";
        return command.ExecuteScalar() as string ?? throw new InvalidDataException($"The database {connection.DataSource} has no store identity.");
    }

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses one that is newer.</summary>
    /// <param name="toVersion">An older version to stop at, to build the database an older broker left.</param>
    public static void Migrate(SqliteConnection connection, int toVersion = 0)
    {
        var target = toVersion > 0 ? toVersion : CurrentVersion;
        // IMMEDIATE: of two brokers starting together on one file, one migrates and the other then
        // finds nothing left to do.
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT NOT NULL
            ) STRICT
            """);
        var applied = AppliedVersion(connection, transaction);
        if (applied > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database {connection.DataSource} has schema version {applied}, newer than the {CurrentVersion} this broker knows; run a newer broker.");
        }

        for (var version = applied + 1; version <= target; version++)
        {
            Execute(connection, transaction, Migrations[version - 1]);
            using var record = Command(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES ($version, $appliedAt)");
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$appliedAt", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static long AppliedVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version");
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
