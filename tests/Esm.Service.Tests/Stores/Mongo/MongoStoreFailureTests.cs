using Esm.Service.Stores.Mongo;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>A store whose server does not answer: it says so, promptly, and the readiness probe gets false.</summary>
[TestFixture]
public sealed class MongoStoreFailureTests
{
    [Test]
    public void Opening_a_store_where_no_server_answers_fails_and_says_so()
    {
        var error = Assert.Throws<MongoStoreException>(() => MongoStore.Open($"mongodb://127.0.0.1:{LoopbackPort.Unused()}/?serverSelectionTimeoutMS=500", MongoTestDatabase.FreshName()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ServerUnreachable, Is.True);
            Assert.That(error.Message, Does.StartWith("MongoDB did not answer while pinging"));
            Assert.That(error.Message, Does.Not.Contain("\n"), "one line, for the start's one-line failure");
        });
    }

    [Test]
    public async Task A_store_whose_server_went_away_is_not_reachable_and_its_operations_say_so()
    {
        MongoTestServer.Require();
        var server = new Uri(MongoTestServer.Uri.Replace("mongodb://", "http://", StringComparison.Ordinal));
        await using var network = new TcpForwarder(server.Host, server.Port);
        using var store = MongoStore.Open($"mongodb://127.0.0.1:{network.Port}/?serverSelectionTimeoutMS=500&directConnection=true", MongoTestDatabase.FreshName());
        Assert.That(await store.IsReachableAsync(CancellationToken.None), Is.True);

        await network.StopAsync();

        Assert.That(await store.IsReachableAsync(CancellationToken.None), Is.False);
        var error = Assert.ThrowsAsync<MongoStoreException>(() => store.Instances.GetAsync("i-1", CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(error!.ServerUnreachable, Is.True);
            Assert.That(error.Message, Does.Contain("reading from collection 'instances'"));
        });
    }

    [Test]
    public void A_cancelled_call_is_cancelled_not_failed()
    {
        using var store = MongoTestDatabase.Open(MongoTestDatabase.FreshName());

        Assert.That(() => store.Instances.GetAsync("i-1", new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase("not a uri")]
    [TestCase("http://127.0.0.1:27017")]
    [TestCase("mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=soon")]
    public void A_connection_string_the_driver_cannot_read_is_refused_as_an_argument(string uri) =>
        Assert.That(() => MongoStore.Open(uri), Throws.ArgumentException.With.Message.Contains("not a MongoDB connection string"));
}
