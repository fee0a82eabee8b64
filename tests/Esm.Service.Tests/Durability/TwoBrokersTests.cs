using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Durability;

/// <summary>
/// Two broker processes on one store (a SQLite file, or a MongoDB database), as two replicas
/// behind a load balancer: conflicting requests for the same instances from many clients at once.
/// </summary>
public sealed partial class TwoBrokersTests
{
    private const int Instances = 12;

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("esm-replicas-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("sqlite")]
    [TestCase("mongodb")]
    public async Task Each_conflict_has_one_winner_and_every_operation_runs_exactly_once(string storeName)
    {
        var store = DurableBroker.Store(storeName, _directory);
        await using var first = new DurableBroker(store);
        await using var second = new DurableBroker(store);
        await first.StartAsync();
        await second.StartAsync();
        var replicas = new[] { first.Platform.Http, second.Platform.Http };

        // Every instance is provisioned at once through both replicas with different parameters:
        // exactly one request wins (202), the other is refused as a conflict (409).
        var provisions = await Task.WhenAll(Enumerable.Range(0, Instances).SelectMany(i => replicas.Select((http, replica) =>
            SendAsync(http, HttpMethod.Put, $"/v2/service_instances/i{i}?accepts_incomplete=true",
                $$$"""{"service_id":"{{{TestPlans.Service}}}","plan_id":"{{{TestPlans.Async}}}","organization_guid":"o","space_guid":"s","parameters":{"replica":{{{replica}}}}}"""))));
        var winners = new Dictionary<string, string>();
        for (var i = 0; i < Instances; i++)
        {
            var pair = provisions.Skip(2 * i).Take(2).ToList();
            Assert.That(pair.Select(p => p.Status).Order(), Is.EqualTo(new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }), $"instance i{i}");
            winners[$"i{i}"] = pair.Single(p => p.Status == HttpStatusCode.Accepted).Body;
        }

        await WaitUntilSettledAsync(first.Platform.Http);

        // Then every instance is updated at once through both replicas with different parameters:
        // one update is accepted, the other is refused while it runs (422 ConcurrencyError).
        var updates = await Task.WhenAll(Enumerable.Range(0, Instances).SelectMany(i => replicas.Select((http, replica) =>
            SendAsync(http, HttpMethod.Patch, $"/v2/service_instances/i{i}?accepts_incomplete=true",
                $$$"""{"service_id":"{{{TestPlans.Service}}}","parameters":{"updated_by":{{{replica}}}}}"""))));
        var updatedBy = new Dictionary<string, int>();
        for (var i = 0; i < Instances; i++)
        {
            var pair = updates.Skip(2 * i).Take(2).ToList();
            Assert.That(pair.Select(p => (int)p.Status).Order(), Is.EqualTo(new[] { 202, 422 }), $"instance i{i}");
            Assert.That(pair.Single(p => (int)p.Status == 422).Body, Does.Contain("ConcurrencyError"));
            updatedBy[$"i{i}"] = pair.FindIndex(p => p.Status == HttpStatusCode.Accepted);
        }

        await WaitUntilSettledAsync(second.Platform.Http);

        // The final state is what a serial replay of the winners gives.
        for (var i = 0; i < Instances; i++)
        {
            var fetched = await first.Platform.Http.GetStringAsync($"/v2/service_instances/i{i}");
            Assert.That(fetched, Does.Contain($"\"updated_by\":{updatedBy[$"i{i}"]}"), $"instance i{i}");
        }

        // Every accepted operation ended exactly once, on one replica or the other.
        var accepted = provisions.Concat(updates).Where(p => p.Status == HttpStatusCode.Accepted).Select(p => OperationOf().Match(p.Body).Groups[1].Value).ToList();
        Assert.That(accepted, Has.Count.EqualTo(2 * Instances));

        // Log lines reach us through pipes, after the state they report: wait for them to arrive.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (EndedOperation().Matches(first.Process.Output + second.Process.Output).Count < accepted.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var endings = EndedOperation().Matches(first.Process.Output + second.Process.Output).Select(m => m.Groups[1].Value).ToList();
        foreach (var operation in accepted)
        {
            Assert.That(endings.Count(e => e == operation), Is.EqualTo(1), $"operation {operation} ended {endings.Count(e => e == operation)} times");
        }
    }

    [TestCase("sqlite")]
    [TestCase("mongodb")]
    public async Task A_replica_takes_over_the_operations_of_a_killed_one_once_their_claims_lapse(string storeName)
    {
        var store = DurableBroker.Store(storeName, _directory);
        await using var first = new DurableBroker(store);
        await using var second = new DurableBroker(store);
        await first.StartAsync();
        await second.StartAsync();
        var accepted = await SendAsync(first.Platform.Http, HttpMethod.Put, "/v2/service_instances/orphaned?accepts_incomplete=true",
            $$"""{"service_id":"{{TestPlans.Service}}","plan_id":"{{TestPlans.Interruptible}}","organization_guid":"o","space_guid":"s"}""");
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted));
        await first.Process.KillAsync();

        await WaitUntilSettledAsync(second.Platform.Http);
        var last = await second.Platform.Http.GetStringAsync("/v2/service_instances/orphaned/last_operation");
        Assert.That(last, Does.Contain("\"state\":\"succeeded\""));
        Assert.That(await second.Process.WroteAsync(OperationOf().Match(accepted.Body).Groups[1].Value), Is.True, "the surviving replica finished it");
    }

    [TestCase("sqlite")]
    [TestCase("mongodb")]
    public async Task A_deprovision_on_one_replica_and_a_bind_on_the_other_never_leave_the_binding_behind(string storeName)
    {
        var store = DurableBroker.Store(storeName, _directory);
        await using var first = new DurableBroker(store);
        await using var second = new DurableBroker(store);
        await first.StartAsync();
        await second.StartAsync();

        TestContext.Out.WriteLine(await DeprovisionBindRace.RunAsync(first.Platform.Http, second.Platform.Http, rounds: 50));
    }

    [TestCase("sqlite")]
    [TestCase("mongodb")]
    public async Task A_plan_an_operator_adds_through_one_replica_is_offered_by_the_other(string storeName)
    {
        var store = DurableBroker.Store(storeName, _directory);
        await using var first = new DurableBroker(store);
        await using var second = new DurableBroker(store);
        await first.StartAsync();
        await second.StartAsync();
        var service = $"added-{Guid.NewGuid():N}";

        var registered = await SendAsync(first.Operator.Http, HttpMethod.Put, "/v2/et/catalog",
            $$"""{"id":"{{service}}","name":"{{service}}","description":"d","bindable":true,"plans":[{"id":"{{service}}-plan","name":"p","description":"d"}]}""");
        var manifest = await SendAsync(first.Operator.Http, HttpMethod.Put, $"/v2/et/manifest/{service}-m",
            $$"""{"service_id":"{{service}}","plan_id":"{{service}}-plan","manifest_type":"dummy"}""");
        Assert.That((registered.Status, manifest.Status), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)), registered.Body + manifest.Body);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await second.Platform.Http.GetStringAsync("/v2/catalog")).Contains(service, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var provisioned = await SendAsync(second.Platform.Http, HttpMethod.Put, $"/v2/service_instances/{service}-i",
            $$"""{"service_id":"{{service}}","plan_id":"{{service}}-plan","organization_guid":"o","space_guid":"s"}""");
        Assert.That(provisioned.Status, Is.EqualTo(HttpStatusCode.Created), "the other replica offers the plan: " + provisioned.Body);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string body)
    {
        var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until no operation is in progress, as the operator API lists them.</summary>
    private static async Task WaitUntilSettledAsync(HttpClient platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var inProgress = 0;
            foreach (var i in Enumerable.Range(0, Instances).Select(i => $"i{i}").Append("orphaned"))
            {
                var response = await platform.GetAsync($"/v2/service_instances/{i}/last_operation");
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("in progress", StringComparison.Ordinal))
                {
                    inProgress++;
                }
            }

            if (inProgress == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail("Operations were still in progress after 60 s.");
    }

    [GeneratedRegex("\"operation\":\"(op-[0-9a-f]+)\"")]
    private static partial Regex OperationOf();

    [GeneratedRegex(@"Operation (op-[0-9a-f]+) \(\w+\) of \S+ ended")]
    private static partial Regex EndedOperation();
}
