namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// A connection to one MongoDB database through libmongoc's client pool. Thread-safe: every operation
/// borrows a pooled client for its own duration only, so one instance can serve the whole process.
/// Dispose it once no operation is running; operations started afterwards throw <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class MongoConnection : IDisposable
{
    /// <summary>Applied when the connection string does not set <c>serverSelectionTimeoutMS</c> (libmongoc's own default is 30 s).</summary>
    public const int DefaultServerSelectionTimeoutMilliseconds = 5000;

    private readonly ClientPoolHandle _pool;

    /// <summary>Validates the connection string and prepares the pool; no connection is opened until the first operation.</summary>
    /// <param name="connectionString">A <c>mongodb://</c> or <c>mongodb+srv://</c> URI; its options (timeouts, <c>maxPoolSize</c>, credentials) apply.</param>
    /// <param name="databaseName">The database every operation runs against; the URI's own database path is only the authentication database.</param>
    /// <exception cref="ArgumentException">The connection string is invalid or the database name is empty.</exception>
    /// <exception cref="MongoException">libmongoc cannot use the connection string (for example an unsupported TLS option).</exception>
    public MongoConnection(string connectionString, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        LibMongoc.EnsureInitialized();

        using UriHandle uri = UriHandle.Parse(connectionString, nameof(connectionString));
        // A broker must report an unreachable database promptly rather than hold a request for 30 s.
        if (uri.GetInt32Option(LibMongoc.ServerSelectionTimeoutOption) is null)
        {
            uri.SetInt32Option(LibMongoc.ServerSelectionTimeoutOption, DefaultServerSelectionTimeoutMilliseconds);
        }

        _pool = ClientPoolHandle.Create(uri);
        DatabaseName = databaseName;
    }

    /// <summary>The database every operation runs against.</summary>
    public string DatabaseName { get; }

    /// <summary>Returns a lightweight, thread-safe view of a collection; it may be kept or re-created freely. Nothing is sent to the server.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public MongoCollection GetCollection(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new MongoCollection(this, name);
    }

    /// <summary>Runs <c>{ping: 1}</c> on the database, proving that a server is selectable and answers.</summary>
    /// <exception cref="MongoException">No server answered within the server-selection timeout, or the server failed the command.</exception>
    public void Ping()
    {
        using BsonDocumentHandle command = BsonDocumentHandle.Create();
        command.Append("ping", 1);
        using BsonReplyHandle reply = BsonReplyHandle.Create();
        using ClientHandle client = RentClient();
        if (!LibMongoc.mongoc_client_command_simple(client, DatabaseName, command, IntPtr.Zero, reply, out BsonError error))
        {
            throw error.ToException();
        }
    }

    /// <summary>Releases the pool once every borrowed client is back; safe to call more than once.</summary>
    public void Dispose() => _pool.Dispose();

    internal ClientHandle RentClient() => ClientHandle.Pop(_pool);
}
