using Esm.Service.Stores;
using Esm.Service.Stores.Sqlite;
using Esm.Service.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Tests.Stores;

/// <summary>The store contract on a SQLite file of its own per test.</summary>
public sealed class SqliteStoreContractTests : DurableStoreContractTests
{
    private TemporaryDirectory _directory = null!;

    private string DatabasePath => _directory.File("esm.db");

    protected override Task<IStore> CreateStoreAsync()
    {
        _directory = new TemporaryDirectory();
        return Task.FromResult<IStore>(SqliteStore.Open(DatabasePath));
    }

    protected override Task<IStore> ReopenStoreAsync() => Task.FromResult<IStore>(SqliteStore.Open(DatabasePath));

    protected override Task DamageAsync(string collection, string key)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE records SET body = substr(body, 2) WHERE collection = $collection AND key = $key";
        command.Parameters.AddWithValue("$collection", collection);
        command.Parameters.AddWithValue("$key", key);
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        return Task.CompletedTask;
    }

    protected override Task DeleteStoreDataAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
