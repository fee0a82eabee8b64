using Esm.Service.Stores.Mongo;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>Stores over databases of the test server; skipped locally, failed in CI, when it does not answer.</summary>
internal static class MongoTestDatabase
{
    /// <summary>A database name no other fixture (or earlier run against the same server) uses.</summary>
    public static string FreshName() => $"esm_test_{Guid.NewGuid():N}";

    public static MongoStore Open(string databaseName)
    {
        MongoTestServer.Require();
        return MongoStore.Open(MongoTestServer.Uri, databaseName);
    }
}
