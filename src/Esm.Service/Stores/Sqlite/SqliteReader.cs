using Microsoft.Data.Sqlite;

namespace Esm.Service.Stores.Sqlite;

/// <summary>
/// A reader connection lent by <see cref="SqliteConnections"/>, with the point read every request
/// makes compiled once for its lifetime; dispose it to give it back.
/// </summary>
/// <remarks>
/// A command created per read has SQLite parse and plan its SQL each time: a tenth of a SQLite
/// last_operation's CPU (docs/performance.md, seventh round).
/// </remarks>
internal sealed class SqliteReader : IDisposable
{
    private readonly SqliteConnections _owner;
    private SqliteCommand? _pointRead;

    internal SqliteReader(SqliteConnections owner, SqliteConnection connection)
    {
        _owner = owner;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>The body of one record, as a reader positioned before its row (none when absent).</summary>
    public SqliteDataReader ReadBody(string collection, string key)
    {
        if (_pointRead is null)
        {
            _pointRead = Connection.CreateCommand();
            _pointRead.CommandText = "SELECT body FROM records WHERE collection = $collection AND key = $key";
            _pointRead.Parameters.Add(new SqliteParameter { ParameterName = "$collection" });
            _pointRead.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        }

        _pointRead.Parameters["$collection"].Value = collection;
        _pointRead.Parameters["$key"].Value = key;
        return _pointRead.ExecuteReader();
    }

    public void Dispose() => _owner.Return(this);

    /// <summary>Closes the connection for good (the pool is full, or the store is closing).</summary>
    internal void Close()
    {
        _pointRead?.Dispose();
        Connection.Dispose();
    }
}
