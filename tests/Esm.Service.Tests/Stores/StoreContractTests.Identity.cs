using Esm.Service.Stores;

namespace Esm.Service.Tests.Stores;

/// <summary>A store names itself (see <see cref="IStore.Identity"/>).</summary>
public abstract partial class StoreContractTests
{
    [Test]
    public void A_store_has_an_identity() => Assert.That(Store.Identity, Is.Not.Empty);
}
