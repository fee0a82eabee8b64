using MongoDB.Driver;

namespace Esm.Service.Stores.Mongo;

/// <summary>
/// A MongoDB store operation failed: the server did not answer, or it refused the operation.
/// The message names the operation and the collection; the driver's error is the inner exception.
/// </summary>
public sealed class MongoStoreException(string operation, Exception cause) : Exception(Describe(operation, cause), cause)
{
    /// <summary>True when no server answered (down, unreachable, timed out), as opposed to a refusal.</summary>
    public bool ServerUnreachable { get; } = IsUnreachable(cause);

    /// <summary>The errors of a server that does not answer: none selected in time, or a connection that failed.</summary>
    public static bool IsUnreachable(Exception cause) => cause is TimeoutException or MongoConnectionException;

    private static string Describe(string operation, Exception cause) =>
        IsUnreachable(cause)
            ? $"MongoDB did not answer while {operation}: {FirstLine(cause.Message)}"
            : $"MongoDB failed {operation}: {FirstLine(cause.Message)}";

    /// <summary>Server-selection timeouts describe the whole cluster over many lines; the first says what happened.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();
}
