using System.Net;
using System.Text.Json;
using Esm.Service.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Esm.Service.Tests.Health;

/// <summary>A record damaged on disk costs that record alone: the broker serves the others, says which one, and reports itself degraded.</summary>
public sealed class DamagedRecordTests
{
    [Test]
    public async Task A_damaged_instance_is_left_out_of_the_list_refused_alone_and_degrades_readiness()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("esm.db");
        using var factory = new BrokerFactory(new Dictionary<string, string?> { ["ESM_STORE"] = "sqlite", ["ESM_SQLITE_PATH"] = path });
        var platform = factory.CreatePlatformClient();
        var api = new BrokerApi(platform);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await api.Instances.ProvisionAsync(new Esm.Client.ServiceInstanceProvisionRequest
            {
                Service_id = TestPlans.Service,
                Plan_id = TestPlans.Sync,
#pragma warning disable CS0612 // deprecated, yet required by OSB 2.17
                Organization_guid = "o",
                Space_guid = "s",
#pragma warning restore CS0612
            }, id);
        }

        Damage(path, "b");

        var listed = await factory.CreateOperatorClient().GetStringAsync("/v2/et/service_instances");
        Assert.That(JsonDocument.Parse(listed).RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance_id").GetString()), Is.EqualTo(new[] { "a", "c" }));

        var fetched = await platform.GetAsync("/v2/service_instances/b");
        var error = await OsbErrorAssert.IsErrorAsync(fetched, HttpStatusCode.InternalServerError, "RecordUnreadable");
        Assert.That(error.GetProperty("description").GetString(), Does.Contain("instances/b"));
        Assert.That((await platform.GetAsync("/v2/service_instances/a")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var ready = await factory.CreateBareClient().GetAsync("/health/ready");
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("degraded"));
        Assert.That(health.GetProperty("checks").GetProperty("store").GetRawText(), Does.Contain("instances/b"));
        Assert.That(factory.Logs.Lines, Has.Some.Contains("The stored record instances/b cannot be read"));
    }

    private static void Damage(string path, string key)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE records SET body = substr(body, 2) WHERE collection = 'instances' AND key = $key";
        command.Parameters.AddWithValue("$key", key);
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
    }
}
