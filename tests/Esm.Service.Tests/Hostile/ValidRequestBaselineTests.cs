using System.Net;
using System.Text.Json;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// The hostile suites make the valid request of each operation hostile and expect a refusal.
/// This shows each valid request, as it is, succeeds on the seeds: so a refusal there is the
/// hostile part's doing, and the "nothing changed" check has something to catch.
/// </summary>
public sealed class ValidRequestBaselineTests
{
    /// <summary>An order in which every operation has what it needs: reads first, deletions last.</summary>
    private static readonly string[] Order =
    [
        "GetCatalog", "Provision", "Update", "FetchInstance", "GetInstanceLastOperation", "Bind", "FetchBinding", "GetBindingLastOperation",
        "Unbind", "ListServiceTypes", "RegisterServiceType", "ListManifests", "GetManifest", "PutManifest", "ListInstances",
        "GetInstanceDetail", "RecreateInstance", "Deprovision", "DeleteManifest", "RemoveServiceType",
    ];

    [Test]
    public async Task The_valid_request_of_every_operation_succeeds_on_the_seeds()
    {
        using var broker = new HostileBroker();
        using var http = broker.Factory.CreateBareClient();
        await Seeds.PlantAsync(broker);
        Assert.That(Order, Is.EquivalentTo(ApiSurface.Operations.Select(o => o.Name)), "every operation, once");
        foreach (var operation in Order.Select(name => ApiSurface.Operations.Single(o => o.Name == name)))
        {
            var request = operation.BuildValid();
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message);
            Assert.That((int)response.StatusCode, Is.InRange(200, 299), $"{request} -> {await response.Content.ReadAsStringAsync()}");
            if (operation.Name == "RecreateInstance")
            {
                await AwaitOperationAsync(broker.Platform.Http);
            }
        }
    }

    private static async Task AwaitOperationAsync(HttpClient platform)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await platform.GetAsync(new Uri($"/v2/service_instances/{Seeds.Instance}/last_operation", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            if (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString() != "in progress")
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the recreation did not finish");
    }
}
