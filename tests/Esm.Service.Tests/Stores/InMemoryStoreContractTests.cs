using Esm.Service.Stores;
using Esm.Service.Stores.InMemory;

namespace Esm.Service.Tests.Stores;

/// <summary>The in-memory store keeps nothing across a restart, so it is held to the contract without reopening.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new InMemoryStore());
}
