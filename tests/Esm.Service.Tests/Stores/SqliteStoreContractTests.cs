using Esm.Service.Stores;
using Esm.Service.Stores.Sqlite;
using Esm.Service.Tests.Support;

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

    protected override Task DeleteStoreDataAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
