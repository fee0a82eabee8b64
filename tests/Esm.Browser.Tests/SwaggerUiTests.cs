using System.Text.RegularExpressions;
using Esm.Service.Tests.Support;
using Microsoft.Playwright;

namespace Esm.Browser.Tests;

/// <summary>
/// Swagger UI at /v2/ui, in headless Chromium, over the broker running as a real process with the
/// demo catalog a newcomer starts with, whose offering the contract's examples name.
/// </summary>
public sealed class SwaggerUiTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private BrokerProcess _broker = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartBrokerAndBrowser()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"{ChromiumPath} is missing (apt-get install chromium; .ci/run installs it).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        _broker = await BrokerProcess.StartAsync(new Dictionary<string, string> { ["ESM_CATALOG_DIR"] = Path.Combine(Repository.Root, "catalog") });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowserAndBroker()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [TestCase("/v2/ui")]
    [TestCase("/v2/ui/index.html")]
    public async Task The_UI_lists_every_operation_of_the_contract(string path)
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_broker.Address, path).ToString());
        await page.Locator(".opblock").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });

        var operations = await page.Locator(".opblock .opblock-summary-path").AllInnerTextsAsync();
        var methods = await page.Locator(".opblock .opblock-summary-method").AllInnerTextsAsync();
        var listed = methods.Zip(operations, (m, p) => $"{m} {p.Replace("\u200b", string.Empty, StringComparison.Ordinal).Trim()}").ToHashSet();
        string[] expected =
        [
            "GET /v2/catalog", "PUT /v2/service_instances/{instance_id}", "PATCH /v2/service_instances/{instance_id}",
            "DELETE /v2/service_instances/{instance_id}", "GET /v2/service_instances/{instance_id}",
            "GET /v2/service_instances/{instance_id}/last_operation",
            "PUT /v2/service_instances/{instance_id}/service_bindings/{binding_id}",
            "DELETE /v2/service_instances/{instance_id}/service_bindings/{binding_id}",
            "GET /v2/service_instances/{instance_id}/service_bindings/{binding_id}",
            "GET /v2/service_instances/{instance_id}/service_bindings/{binding_id}/last_operation",
            "PUT /v2/et/catalog", "GET /v2/et/catalog", "DELETE /v2/et/catalog", "GET /v2/et/manifest",
            "GET /v2/et/manifest/{manifest_id}", "PUT /v2/et/manifest/{manifest_id}", "DELETE /v2/et/manifest/{manifest_id}",
            "GET /v2/et/service_instances", "GET /v2/et/service_instances/{instance_id}", "POST /v2/et/service_instances/{instance_id}/recreate",
        ];
        Assert.That(listed, Is.SupersetOf(expected));
        Assert.That(listed, Has.Count.EqualTo(expected.Length));
    }

    [Test]
    public async Task Try_it_out_of_the_catalog_returns_200_with_auth_and_the_version_header()
    {
        var page = await OpenAuthorizedAsync();

        var catalog = await TryItOutAsync(page, "Catalog-GetCatalog");
        await ExecuteAsync(catalog, "200");
        Assert.That(await catalog.Locator(".live-responses-table .microlight").First.InnerTextAsync(), Does.Contain("dream"));
    }

    [Test]
    public async Task Try_it_out_with_the_contract_examples_provisions_binds_and_polls()
    {
        var page = await OpenAuthorizedAsync();

        // As shown: the sync example on the pre-filled instance id, accepts_incomplete and version header.
        var provision = await TryItOutAsync(page, "ServiceInstances-Provision");
        await ExecuteAsync(provision, "201");

        var bind = await TryItOutAsync(page, "ServiceBindings-Bind");
        await ExecuteAsync(bind, "201");
        Assert.That(await bind.Locator(".live-responses-table .microlight").First.InnerTextAsync(), Does.Contain("credentials"));

        // The async example, on the other instance id its summary suggests.
        await provision.Locator("tr[data-param-name='instance_id'] input").FillAsync("big-dream");
        await provision.Locator(".opblock-section-request-body .examples-select select").SelectOptionAsync("async");
        await ExecuteAsync(provision, "202");

        var lastOperation = await TryItOutAsync(page, "ServiceInstances-GetInstanceLastOperation");
        await lastOperation.Locator("tr[data-param-name='instance_id'] input").FillAsync("big-dream");
        await ExecuteAsync(lastOperation, "200");
        Assert.That(await lastOperation.Locator(".live-responses-table .microlight").First.InnerTextAsync(), Does.Contain("\"state\""));
    }

    /// <summary>The UI, authorized with the platform credentials.</summary>
    private async Task<IPage> OpenAuthorizedAsync()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_broker.Address, "/v2/ui/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });

        await page.Locator("button.authorize").First.ClickAsync();
        var dialog = page.Locator(".auth-container").Filter(new LocatorFilterOptions { HasText = "basicAuth" });
        await dialog.Locator("input[type=text]").FillAsync(BrokerFactory.PlatformUser);
        await dialog.Locator("input[type=password]").FillAsync(BrokerFactory.PlatformPassword);
        await dialog.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button.btn-done").First.ClickAsync();
        return page;
    }

    /// <summary>Opens the operation (tag-operationId) and presses "Try it out".</summary>
    private static async Task<ILocator> TryItOutAsync(IPage page, string operation)
    {
        var block = page.Locator($"#operations-{operation}");
        await block.Locator(".opblock-summary").ClickAsync();
        await block.Locator("button.try-out__btn").ClickAsync();
        return block;
    }

    private static async Task ExecuteAsync(ILocator operation, string expectedStatus)
    {
        await operation.Locator("button.execute").ClickAsync();
        var status = operation.Locator(".live-responses-table tr.response .response-col_status").First;
        await Assertions.Expect(status).ToHaveTextAsync(new Regex($"^{expectedStatus}"), new LocatorAssertionsToHaveTextOptions { Timeout = 15000 });
    }
}
