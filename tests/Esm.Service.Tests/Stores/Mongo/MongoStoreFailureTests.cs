using Esm.Service.Stores;
using Esm.Service.Stores.Mongo;
using Esm.Service.Stores.Mongo.Native;
using Esm.Service.Tests.Stores.Mongo.Native;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>A store whose server does not answer: it says so, promptly, and the readiness probe gets false.</summary>
[TestFixture]
public sealed class MongoStoreFailureTests
{
    [Test]
    public void OpeningAStoreWhereNoServerAnswersFailsPromptlyAndSaysSo()
    {
        var error = Assert.Throws<MongoStoreException>(() => MongoStore.Open(UnreachableUri(), MongoTestDatabase.FreshName()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ServerUnreachable, Is.True);
            Assert.That(error.Message, Does.StartWith("MongoDB did not answer while pinging"));
            Assert.That(error.InnerException, Is.InstanceOf<MongoException>());
        });
    }

    [Test]
    public async Task AStoreWhoseServerIsGoneIsNotReachableAndItsOperationsSaySo()
    {
        using var store = new MongoStore(new MongoConnection(UnreachableUri(), MongoTestDatabase.FreshName()), "identity", new StoreDamage(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        var reachable = await store.IsReachableAsync(CancellationToken.None);
        var error = Assert.ThrowsAsync<MongoStoreException>(() => store.Instances.GetAsync("i-1", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reachable, Is.False);
            Assert.That(error!.ServerUnreachable, Is.True);
            Assert.That(error.Message, Does.Contain("reading from collection 'instances'"));
        });
    }

    /// <summary>A port nothing listens on, with a short server-selection timeout so that failing is quick.</summary>
    private static string UnreachableUri()
    {
        MongoTestServer.RequireNativeDriver();
        return $"mongodb://127.0.0.1:{LoopbackPort.Unused()}/?serverSelectionTimeoutMS=500";
    }
}
