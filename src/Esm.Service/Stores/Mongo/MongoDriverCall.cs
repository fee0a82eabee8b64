using Esm.Service.Stores.Mongo.Native;

namespace Esm.Service.Stores.Mongo;

/// <summary>How the store calls the synchronous libmongoc layer: errors become <see cref="MongoStoreException"/>.</summary>
internal static class MongoDriverCall
{
    /// <param name="operation">What is being done, for the error message ("inserting into collection 'instances'").</param>
    public static T Run<T>(string operation, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (MongoException e)
        {
            throw new MongoStoreException(operation, e);
        }
    }

    public static void Run(string operation, Action call) =>
        Run(operation, () =>
        {
            call();
            return true;
        });

    /// <summary>
    /// Runs the call on the thread pool. libmongoc has no asynchronous API (and the official
    /// asynchronous C# driver cannot be restored here): each call blocks its thread for a round
    /// trip, or up to the server-selection timeout when the server is down. Task.Run hands the
    /// caller's thread back at once and lets the pool, which grows when its threads block, absorb
    /// the wait. The token cancels only a call that has not started: a started driver call cannot
    /// be interrupted, and abandoning it would not undo a write it makes.
    /// </summary>
    public static Task<T> RunAsync<T>(string operation, Func<T> call, CancellationToken cancellationToken) =>
        Task.Run(() => Run(operation, call), cancellationToken);
}
