using Esm.Service.Failures;
using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;
using Esm.Service.Stores.Mongo;
using Esm.Service.Stores.Sqlite;

namespace Esm.Service.Hosting;

/// <summary>
/// Opens the store ESM_STORE names: <c>sqlite</c> (the default: durable, embedded), <c>memory</c>
/// (tests and throwaway runs) or <c>mongodb</c> (several broker replicas sharing one database).
/// </summary>
public static class StoreConfiguration
{
    public const string DefaultSqlitePath = "data/esm.db";

    /// <exception cref="StartupException">ESM_STORE or its settings are wrong, or the store cannot be opened.</exception>
    public static IStore Open(IConfiguration configuration, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Esm.Service.Stores");
        switch (configuration["ESM_STORE"] ?? "sqlite")
        {
            case "sqlite":
                var path = Path.GetFullPath(configuration["ESM_SQLITE_PATH"] ?? DefaultSqlitePath);
                logger.LogInformation("Store: SQLite at {Path}.", path);
                return Opened($"The SQLite store at {path}", () => SqliteStore.Open(path, logger));
            case "mongodb":
                var uri = configuration["ESM_MONGO_URI"];
                if (string.IsNullOrEmpty(uri))
                {
                    throw new StartupException("ESM_STORE=mongodb needs ESM_MONGO_URI (e.g. mongodb://mongodb:27017).");
                }

                var database = configuration["ESM_MONGO_DATABASE"] ?? MongoStore.DefaultDatabaseName;
                logger.LogInformation("Store: MongoDB, database {Database}.", database);
                return Opened($"The MongoDB store (database {database})", () => MongoStore.Open(uri, database, loggers));
            case "memory":
                logger.LogWarning("Store: in memory. Everything is lost when the broker stops; use it for tests and throwaway runs only.");
                return new InMemoryStore();
            case var other:
                throw new StartupException($"ESM_STORE '{other}' is not a store of this broker: use sqlite (the default), memory or mongodb.");
        }
    }

    // Whatever stops a store from opening (an unreachable server, a file that cannot be created,
    // a missing native library) ends the start with one line that names the store and the cause.
    private static IStore Opened(string store, Func<IStore> open)
    {
        try
        {
            return open();
        }
        catch (Exception e)
        {
            throw new StartupException($"{store} could not be opened: {e.Message}", e);
        }
    }
}
