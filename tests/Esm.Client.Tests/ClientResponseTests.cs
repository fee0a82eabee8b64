using System.Net;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Esm.Client.Tests;

/// <summary>
/// What the generated client makes of each answer a broker can give, against a stub server: every
/// status the contract documents for every operation, and what it does not document (other
/// statuses, bodies that are not JSON or are empty, a server that does not answer in time).
/// </summary>
public sealed class ClientResponseTests
{
    private const string User = "platform-user";
    private const string Password = "platform-password";

    private WireMockServer _server = null!;
    private HttpClient _http = null!;

    public static IEnumerable<TestCaseData> DocumentedResponses() =>
        from operation in ContractOperation.All
        from status in operation.Statuses
        select new TestCaseData(operation, status).SetArgDisplayNames(operation.Id, status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [OneTimeSetUp]
    public void StartServer()
    {
        _server = WireMockServer.Start();
        _http = BrokerHttpClient.Create(new Uri(_server.Urls[0] + "/"), User, Password);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _http.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    [SetUp]
    public void ForgetStubs() => _server.Reset();

    [Test]
    public void Every_operation_of_the_contract_has_a_client_method_and_documented_responses()
    {
        Assert.That(ContractOperation.All, Has.Count.EqualTo(20));
        Assert.Multiple(() =>
        {
            foreach (var operation in ContractOperation.All)
            {
                Assert.That(() => operation.ClientMethod, Throws.Nothing, operation.ToString());
                Assert.That(operation.Statuses, Is.Not.Empty, operation.ToString());
            }
        });
    }

    [TestCaseSource(nameof(DocumentedResponses))]
    public async Task A_documented_status_is_a_result_or_an_exception_with_the_osb_error(ContractOperation operation, int status)
    {
        var success = status < 300;
        Stub(status, success ? operation.SuccessBody() : """{"error":"SomeError","description":"Why it failed."}""");

        if (success)
        {
            var response = await operation.InvokeAsync(_http);
            Assert.That(response.GetType().GetProperty("StatusCode")!.GetValue(response), Is.EqualTo(status));
            return;
        }

        if (status < 400)
        {
            // 304 to a catalog request with If-None-Match: nothing to read, and the client says so.
            var notModified = Assert.CatchAsync<BrokerApiException>(() => operation.InvokeAsync(_http))!;
            Assert.That(notModified.StatusCode, Is.EqualTo(status));
            Assert.That(notModified.Message, Does.Contain("has not changed"));
            return;
        }

        var failure = Assert.CatchAsync<BrokerApiException<Error>>(() => operation.InvokeAsync(_http))!;
        Assert.That((failure.StatusCode, failure.Result.Error1, failure.Result.Description), Is.EqualTo((status, "SomeError", "Why it failed.")));
        Assert.That(failure.Message, Does.StartWith($"HTTP {status}: ").And.EndWith(" SomeError: Why it failed."), "the message says what the broker said");
    }

    [Test]
    public async Task Retry_After_reaches_the_caller_of_last_operation()
    {
        _server.Given(Request.Create().WithPath("/v2/service_instances/i/last_operation").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithHeader("Retry-After", "7").WithBody("""{"state":"in progress","description":"2 of 3 services running"}"""));

        var response = await new ServiceInstancesClient(_http).GetInstanceLastOperationAsync("i");

        Assert.That(response.Result.State, Is.EqualTo(LastOperationState.In_progress));
        Assert.That(response.Result.Description, Is.EqualTo("2 of 3 services running"));
        Assert.That(response.Headers["Retry-After"], Is.EqualTo(new[] { "7" }));
    }

    [TestCase(418)]
    [TestCase(503)]
    public void A_status_the_contract_does_not_document_is_an_exception_with_the_status_and_the_body(int status)
    {
        Stub(status, "the broker is busy", contentType: "text/plain");

        var failure = Assert.ThrowsAsync<BrokerApiException>(() => new CatalogClient(_http).GetCatalogAsync())!;

        Assert.That((failure.StatusCode, failure.Response), Is.EqualTo((status, "the broker is busy")));
        Assert.That(failure.Message, Does.Contain($"({status})").And.EndWith("the broker is busy"));
    }

    [TestCase("not json at all")]
    [TestCase("{\"services\": [")]
    [TestCase("[1, 2]")]
    public void A_body_that_is_not_the_documented_json_is_an_exception_naming_the_status(string body)
    {
        Stub(200, body);

        var failure = Assert.ThrowsAsync<BrokerApiException>(() => new CatalogClient(_http).GetCatalogAsync())!;

        Assert.That(failure.StatusCode, Is.EqualTo(200));
        Assert.That(failure.Message, Does.Contain("Could not deserialize"));
    }

    [Test]
    public void An_empty_body_where_one_is_documented_is_an_exception()
    {
        Stub(200, string.Empty);

        var failure = Assert.CatchAsync<BrokerApiException>(() => new CatalogClient(_http).GetCatalogAsync())!;

        Assert.That(failure.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public void An_error_status_without_an_osb_body_is_still_an_exception_with_the_status()
    {
        Stub(409, "<html>Conflict</html>", contentType: "text/html");

        var failure = Assert.CatchAsync<BrokerApiException>(() => new ServiceInstancesClient(_http).ProvisionAsync(new ServiceInstanceProvisionRequest(), "i"))!;

        Assert.That(failure.StatusCode, Is.EqualTo(409));
        Assert.That(failure, Is.Not.InstanceOf<BrokerApiException<Error>>());
    }

    [Test]
    public void A_slow_server_is_abandoned_when_the_caller_cancels()
    {
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"services":[]}""").WithDelay(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(() => new CatalogClient(_http).GetCatalogAsync(cancellationToken: cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Every_request_carries_basic_credentials_the_version_header_and_escaped_ids()
    {
        Stub(200, """{"state":"succeeded"}""");

        await new ServiceBindingsClient(_http).GetBindingLastOperationAsync("instance 1/2", "binding?", operation: "op 1");

        var request = _server.LogEntries.Single().RequestMessage;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("GET"));
            // The ids stay one path segment each: their '/' and '?' are escaped (the stub shows spaces decoded).
            Assert.That(request.Url, Does.Contain("/v2/service_instances/instance 1%2F2/service_bindings/binding%3F/last_operation?"));
            Assert.That(request.Query!["operation"].Single(), Is.EqualTo("op 1"));
            Assert.That(request.Headers!["X-Broker-API-Version"].Single(), Is.EqualTo(BrokerHttpClient.ApiVersion));
            Assert.That(request.Headers["Authorization"].Single(), Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))));
        });
    }

    private void Stub(int status, string body, string contentType = "application/json") =>
        _server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode((HttpStatusCode)status).WithHeader("Content-Type", contentType).WithBody(body));
}
