using System.Text;
using System.Text.Json.Nodes;
using Esm.Service.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// The hostile input a Platform may legally send: any id that survives URL escaping (unicode,
/// RTL marks, control characters, "%2F", "..\\", 20,000 characters...) for an instance and a
/// binding, with huge parameters. Each goes through a whole lifecycle; every answer is clean,
/// what was accepted is found again under the same id with the same parameters, and nothing
/// but the store's own files appears on disk.
/// </summary>
public sealed class HostileIdLifecycleTests
{
    private HostileBroker _broker = null!;
    private IReadOnlySet<string> _filesBefore = new HashSet<string>();

    [OneTimeSetUp]
    public void StartBroker()
    {
        _broker = new HostileBroker();
        _filesBefore = WorkingDirectory.List(_broker.Root);
    }

    [OneTimeTearDown]
    public void StopBroker() => _broker.Dispose();

    [TearDown]
    public void ReportErrors() => _broker.ReportErrorsOfFailedTest();

    [Test]
    public void Instances_and_bindings_with_hostile_ids_and_huge_parameters_live_and_die_cleanly()
    {
        var ids = HostileText.Id.Where(id => Wire.ReachesBroker(id, WireEncoding.Escaped) && Wire.StaysInSegment(id, WireEncoding.Escaped));
        var inputs = from instance in ids
                     from binding in ids
                     from parameters in HostileJson.LegalHugeObject(HostileBroker.BodyLimitBytes - 4096)
                     select (Instance: instance, Binding: binding, Parameters: parameters);
        Prop.ForAll(Arb.From(inputs), input => LifecycleAsync(input.Instance, input.Binding, input.Parameters))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true));
        Assert.That(WorkingDirectory.NewSince(_filesBefore, _broker.Root), Is.Empty, "files appeared where the broker writes");
    }

    private async Task LifecycleAsync(string instanceId, string bindingId, string parameters)
    {
        var instance = $"/v2/service_instances/{Uri.EscapeDataString(instanceId)}";
        var binding = $"{instance}/service_bindings/{Uri.EscapeDataString(bindingId)}";
        const string Query = $"?service_id={TestPlans.Service}&plan_id={TestPlans.SyncB}";
        var provision = $"{{\"service_id\":\"{TestPlans.Service}\",\"plan_id\":\"{TestPlans.SyncB}\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"parameters\":{parameters}}}";
        var blank = string.IsNullOrWhiteSpace(instanceId);
        await ExpectAsync(Request("PUT", instance, provision), blank ? 400 : 201);
        if (blank)
        {
            return;
        }

        var fetched = await ExpectAsync(Request("GET", instance), 200);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(fetched)!["parameters"], JsonNode.Parse(parameters)), "the parameters read back are those sent");

        var bindingBlank = string.IsNullOrWhiteSpace(bindingId);
        await ExpectAsync(Request("PUT", binding, $"{{\"service_id\":\"{TestPlans.Service}\",\"plan_id\":\"{TestPlans.SyncB}\"}}"), bindingBlank ? 400 : 201);
        if (!bindingBlank)
        {
            await ExpectAsync(Request("GET", binding), 200);
            await ExpectAsync(Request("GET", binding + "/last_operation"), 200);
            await ExpectAsync(Request("DELETE", binding + Query), 200);
        }

        await ExpectAsync(Request("GET", $"/v2/et/service_instances/{Uri.EscapeDataString(instanceId)}", principal: Principal.Operator), 200);
        await ExpectAsync(Request("DELETE", instance + Query), 200);
        await ExpectAsync(Request("GET", instance), 404);
    }

    private async Task<string> ExpectAsync(HostileRequest request, int status)
    {
        using var response = await _broker.SendAsync(request);
        var attempt = new Attempt(request, MustBeRefused: status >= 400, status);
        await CleanRefusal.CheckAsync(attempt, response);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A request with the principal's credentials and headers, as <see cref="ApiOperation.Build"/> gives them.</summary>
    private static HostileRequest Request(string method, string target, string? body = null, Principal principal = Principal.Platform) =>
        new ApiOperation("Lifecycle", method, target, principal, new Dictionary<string, string?>(), []).Build(body: body is null ? null : Encoding.UTF8.GetBytes(body));
}
