using System.Text.RegularExpressions;
using Esm.Service.Tests.Support;
using Microsoft.Playwright;

namespace Esm.Browser.Tests;

/// <summary>Swagger UI at /v2/ui, in headless Chromium, over the broker running as a real process.</summary>
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

        _broker = await BrokerProcess.StartAsync();
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
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_broker.Address, "/v2/ui/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });

        await page.Locator("button.authorize").First.ClickAsync();
        var dialog = page.Locator(".auth-container").Filter(new LocatorFilterOptions { HasText = "basicAuth" });
        await dialog.Locator("input[type=text]").FillAsync(BrokerFactory.PlatformUser);
        await dialog.Locator("input[type=password]").FillAsync(BrokerFactory.PlatformPassword);
        await dialog.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button.btn-done").First.ClickAsync();

        var catalog = page.Locator("#operations-Catalog-GetCatalog");
        await catalog.Locator(".opblock-summary").ClickAsync();
        await catalog.Locator("button.try-out__btn").ClickAsync();
        await catalog.Locator("button.execute").ClickAsync();

        var status = catalog.Locator(".live-responses-table tr.response .response-col_status").First;
        await status.WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });
        Assert.That(await status.InnerTextAsync(), Does.Match(new Regex("^200")));
        Assert.That(await catalog.Locator(".live-responses-table .microlight").First.InnerTextAsync(), Does.Contain("test-service"));
    }
}
