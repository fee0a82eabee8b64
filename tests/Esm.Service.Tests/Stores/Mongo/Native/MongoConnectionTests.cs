using System.Diagnostics;
using Esm.Service.Stores.Mongo.Native;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Esm.Service.Tests.Stores.Mongo.Native;

[TestFixture]
public sealed class MongoConnectionTests
{
    // Generous: only a hang (a wait on libmongoc's 30 s default) must fail, not a slow machine.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    [Test]
    public void PingSucceedsAgainstTheTestServer()
    {
        using MongoConnection connection = MongoTestServer.Connect();

        Assert.That(connection.Ping, Throws.Nothing);
    }

    [Test]
    public void PingAClosedPortFailsWithinTheUrisServerSelectionTimeout()
    {
        MongoTestServer.RequireNativeDriver();
        using var connection = new MongoConnection(
            $"mongodb://127.0.0.1:{LoopbackPort.Unused()}/?serverSelectionTimeoutMS=1000", MongoTestServer.DatabaseName);

        (MongoException? error, TimeSpan elapsed) = TimeFailure(connection.Ping);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.Null);
            Assert.That(error!.Domain, Is.EqualTo(MongoException.ServerSelectionDomain));
            Assert.That(error.Message, Is.Not.Empty);
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void TheDriversOwnLogLinesGoToTheBrokersLoggerWithTheirLevels()
    {
        MongoTestServer.RequireNativeDriver();
        using var logs = new CapturedLogs();
        MongocLog.Target = logs.CreateLogger("libmongoc-test");
        try
        {
            using var connection = new MongoConnection(
                $"mongodb://127.0.0.1:{LoopbackPort.Unused()}/?serverSelectionTimeoutMS=1000", MongoTestServer.DatabaseName);

            TimeFailure(connection.Ping);

            // The pool's monitor reports each failed attempt to reach the server at DEBUG level.
            Assert.That(logs.Lines, Has.Some.Matches<string>(line => line.StartsWith("Debug libmongoc-test: libmongoc monitor: ", StringComparison.Ordinal)));
        }
        finally
        {
            MongocLog.Target = NullLogger.Instance;
        }
    }

    [TestCase(0, LogLevel.Error)]
    [TestCase(1, LogLevel.Critical)]
    [TestCase(2, LogLevel.Warning)]
    [TestCase(3, LogLevel.Information)]
    [TestCase(4, LogLevel.Information)]
    [TestCase(5, LogLevel.Debug)]
    [TestCase(6, LogLevel.Trace)]
    public void DriverLevelsMapToLogLevels(int mongocLevel, LogLevel expected) =>
        Assert.That(MongocLog.LevelOf(mongocLevel), Is.EqualTo(expected));

    [Test]
    public void WithoutAServerSelectionTimeoutInTheUriTheDefaultOfAFewSecondsApplies()
    {
        MongoTestServer.RequireNativeDriver();
        using var connection = new MongoConnection($"mongodb://127.0.0.1:{LoopbackPort.Unused()}/", MongoTestServer.DatabaseName);
        MongoCollection collection = connection.GetCollection(MongoTestServer.FreshCollectionName());

        (MongoException? error, TimeSpan elapsed) = TimeFailure(() => collection.InsertOne("""{"key": "a"}"""));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.Null);
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromMilliseconds(MongoConnection.DefaultServerSelectionTimeoutMilliseconds + 5000)));
        });
    }

    [Test]
    public void AnInvalidConnectionStringIsRejected()
    {
        MongoTestServer.RequireNativeDriver();

        Assert.That(() => new MongoConnection("http://127.0.0.1:27017", MongoTestServer.DatabaseName),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("connectionString"));
    }

    [Test]
    public void OperationsAfterDisposeThrowObjectDisposedException()
    {
        MongoTestServer.RequireNativeDriver();
        var connection = new MongoConnection(MongoTestServer.DefaultUri, MongoTestServer.DatabaseName);
        MongoCollection collection = connection.GetCollection(MongoTestServer.FreshCollectionName());

        connection.Dispose();
        connection.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(connection.Ping, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => collection.Find("{}"), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    // Runs the call off the test thread so that a hang fails the test instead of blocking the run.
    private static (MongoException? Error, TimeSpan Elapsed) TimeFailure(Action call)
    {
        var stopwatch = Stopwatch.StartNew();
        Task<MongoException?> attempt = Task.Run(() =>
        {
            try
            {
                call();
                return null;
            }
            catch (MongoException e)
            {
                return e;
            }
        });
        Assert.That(attempt.Wait(HangLimit), Is.True, $"The call did not return within {HangLimit}.");
        return (attempt.Result, stopwatch.Elapsed);
    }
}
