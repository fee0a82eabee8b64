using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// A MongoDB store operation failed: the server did not answer, or it refused the operation.
/// The message names the operation and the collection; the driver's error is the inner exception.
/// </summary>
public sealed class MongoStoreException : Exception
{
    // libmongoc's MONGOC_ERROR_STREAM: the connection to the server failed or was lost.
    private const int StreamDomain = 2;

    public MongoStoreException(string operation, MongoException cause)
        : base(Describe(operation, cause), cause)
    {
        ServerUnreachable = IsUnreachable(cause);
    }

    /// <summary>True when no server answered (down, unreachable, timed out), as opposed to a refusal.</summary>
    public bool ServerUnreachable { get; }

    private static bool IsUnreachable(MongoException cause) =>
        cause.Domain is MongoException.ServerSelectionDomain or StreamDomain;

    private static string Describe(string operation, MongoException cause) =>
        IsUnreachable(cause)
            ? $"MongoDB did not answer while {operation}: {cause.Message}"
            : $"MongoDB failed {operation}: {cause.Message} (libmongoc domain {cause.Domain}, code {cause.Code})";
}
