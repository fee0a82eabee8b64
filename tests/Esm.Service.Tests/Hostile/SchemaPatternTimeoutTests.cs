using System.Net;
using System.Net.Http.Json;
using Esm.Client;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// An operator's schema pattern that backtracks exponentially (<c>^(a+)+$</c>) must not let a
/// crafted parameter hold a request thread. The broker runs as a process: the match timeout is
/// set once per process, before its first regular expression, which a test host cannot promise.
/// </summary>
public sealed class SchemaPatternTimeoutTests
{
    private const string Catalog = """
        id: patterned
        name: patterned
        description: A plan whose parameter schema has a pattern that backtracks exponentially.
        bindable: false
        plans:
          - id: patterned-plan
            name: patterned
            description: Synchronous.
            schemas:
              service_instance:
                create:
                  parameters:
                    $schema: http://json-schema.org/draft-04/schema#
                    type: object
                    properties:
                      name: {type: string, pattern: '^(a+)+$'}
            manifest: {type: dummy}
        """;

    private string _catalogDirectory = null!;
    private BrokerProcess _broker = null!;

    [OneTimeSetUp]
    public async Task StartBrokerAsync()
    {
        _catalogDirectory = Directory.CreateTempSubdirectory("esm-pattern-catalog-").FullName;
        Directory.CreateDirectory(Path.Combine(_catalogDirectory, "patterned"));
        await File.WriteAllTextAsync(Path.Combine(_catalogDirectory, "patterned", "service.yaml"), Catalog);
        _broker = await BrokerProcess.StartAsync(new Dictionary<string, string> { ["ESM_CATALOG_DIR"] = _catalogDirectory });
    }

    [OneTimeTearDown]
    public async Task StopBrokerAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_catalogDirectory, recursive: true);
    }

    [Test]
    public async Task A_value_that_would_backtrack_for_hours_is_refused_with_400_and_nothing_is_stored()
    {
        using var http = Client();
        var id = Guid.NewGuid().ToString("N");

        // 40 letters then a mismatch: about 2^40 ways to split the run before the match fails.
        var response = await ProvisionAsync(http, id, new string('a', 40) + "!");

        var body = await OsbErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(body.GetProperty("description").GetString(), Does.Contain("matching the pattern '^(a+)+$' took longer than 1000 ms"));
        var fetched = await http.GetAsync(new Uri($"/v2/service_instances/{id}", UriKind.Relative));
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await _broker.WroteAsync("took longer than 1000 ms"), Is.True, "the refusal is logged for the operator");
    }

    [Test]
    public async Task The_same_pattern_still_accepts_and_refuses_ordinary_values()
    {
        using var http = Client();

        Assert.That((await ProvisionAsync(http, Guid.NewGuid().ToString("N"), "aaaa")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await OsbErrorAssert.IsErrorAsync(await ProvisionAsync(http, Guid.NewGuid().ToString("N"), "ab"), HttpStatusCode.BadRequest);
    }

    private HttpClient Client()
    {
        var http = BrokerHttpClient.Create(_broker.Address, BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword);
        http.Timeout = TimeSpan.FromSeconds(60);
        return http;
    }

    private static Task<HttpResponseMessage> ProvisionAsync(HttpClient http, string id, string name) =>
        http.PutAsync(
            new Uri($"/v2/service_instances/{id}", UriKind.Relative),
            JsonContent.Create(new
            {
                service_id = "patterned",
                plan_id = "patterned-plan",
                organization_guid = "o",
                space_guid = "s",
                parameters = new { name },
            }));
}
