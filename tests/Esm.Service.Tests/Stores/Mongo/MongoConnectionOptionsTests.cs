using Esm.Service.Stores.Mongo;
using Esm.Service.Tests.Support;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace Esm.Service.Tests.Stores.Mongo;

/// <summary>ESM_MONGO_URI reaches the official driver as it is written, and the driver's own log reaches the broker's.</summary>
public sealed class MongoConnectionOptionsTests
{
    [Test]
    public void Every_option_of_the_connection_string_reaches_the_driver()
    {
        var settings = MongoStore.ClientSettings(
            "mongodb://user:secret@db-1:27017,db-2:27018/?replicaSet=rs0&tls=true&tlsInsecure=true&authSource=admin"
            + "&serverSelectionTimeoutMS=750&connectTimeoutMS=1500&maxPoolSize=7&readPreference=secondaryPreferred&w=majority&appName=esm-test");

        Assert.Multiple(() =>
        {
            Assert.That(settings.Servers.Select(s => s.ToString()), Is.EqualTo(new[] { "db-1:27017", "db-2:27018" }));
            Assert.That(settings.ReplicaSetName, Is.EqualTo("rs0"));
            Assert.That(settings.UseTls, Is.True);
            Assert.That(settings.AllowInsecureTls, Is.True);
            Assert.That(settings.Credential.Source, Is.EqualTo("admin"));
            Assert.That(settings.Credential.Username, Is.EqualTo("user"));
            Assert.That(settings.ServerSelectionTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(750)));
            Assert.That(settings.ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
            Assert.That(settings.MaxConnectionPoolSize, Is.EqualTo(7));
            Assert.That(settings.ReadPreference.ReadPreferenceMode, Is.EqualTo(ReadPreferenceMode.SecondaryPreferred));
            Assert.That(settings.WriteConcern.W, Is.EqualTo(WriteConcern.WMajority.W));
            Assert.That(settings.ApplicationName, Is.EqualTo("esm-test"));
        });
    }

    [Test]
    public void Without_a_server_selection_timeout_a_short_one_applies_rather_than_the_drivers_half_minute() =>
        Assert.That(MongoStore.ClientSettings("mongodb://127.0.0.1:27017").ServerSelectionTimeout, Is.EqualTo(MongoStore.DefaultServerSelectionTimeout));

    [Test]
    public void A_replica_set_the_server_is_not_is_not_taken_for_it()
    {
        MongoTestServer.Require();
        var uri = MongoTestServer.Uri + (MongoTestServer.Uri.Contains('?', StringComparison.Ordinal) ? "&" : "/?") + "replicaSet=no-such-set&serverSelectionTimeoutMS=500";

        Assert.That(() => MongoStore.Open(uri, MongoTestDatabase.FreshName()), Throws.InstanceOf<MongoStoreException>().With.Property(nameof(MongoStoreException.ServerUnreachable)).True);
    }

    [Test]
    public void The_drivers_own_log_lines_go_to_the_brokers_loggers()
    {
        MongoTestServer.Require();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));

        using (MongoStore.Open(MongoTestServer.Uri, MongoTestDatabase.FreshName(), loggers))
        {
        }

        Assert.That(logs.Lines, Has.Some.Match(@"^Debug MongoDB\.(SDAM|Connection|ServerSelection|Command)"));
    }
}
