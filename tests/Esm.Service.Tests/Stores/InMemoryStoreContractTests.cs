using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;

namespace Esm.Service.Tests.Stores;

public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new InMemoryStore());

    // What Assert.Ignore throws; thrown directly, as there is no store to return.
    protected override Task<IStore> ReopenStoreAsync() =>
        throw new IgnoreException("The in-memory store keeps nothing across a restart, so there is nothing to reopen.");
}
