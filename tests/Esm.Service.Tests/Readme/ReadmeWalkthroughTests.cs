using System.Diagnostics;
using System.Text;
using Esm.Service.Tests.Support;

namespace Esm.Service.Tests.Readme;

/// <summary>
/// The README's curl walkthroughs, taken from README.md itself and run in order by bash against a
/// broker process started as the README starts it (the demo catalog, the Development credentials),
/// so that a newcomer who pastes them meets what the comments promise.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    /// <summary>Each curl of the two sections in order: status, method and path.</summary>
    private static readonly string[] Expected =
    [
        // ## Call it with curl: the catalog, the synchronous lifecycle, then the asynchronous one.
        "200 GET /v2/catalog",
        "201 PUT /v2/service_instances/my-dream",
        "200 GET /v2/service_instances/my-dream",
        "201 PUT /v2/service_instances/my-dream/service_bindings/my-app",
        "200 PATCH /v2/service_instances/my-dream",
        "200 DELETE /v2/service_instances/my-dream/service_bindings/my-app",
        "200 DELETE /v2/service_instances/my-dream",
        "202 PUT /v2/service_instances/big-dream",
        "200 GET /v2/service_instances/big-dream/last_operation",
        "202 DELETE /v2/service_instances/big-dream",
        "200 GET /v2/service_instances/big-dream/last_operation",

        // ## Operate it: the /v2/et API.
        "201 PUT /v2/et/catalog",
        "201 PUT /v2/et/manifest/echo-basic-manifest",
        "200 GET /v2/catalog",
        "200 GET /v2/et/catalog",
        "200 GET /v2/et/manifest",
        "202 PUT /v2/service_instances/my-echo",
        "200 GET /v2/et/service_instances",
        "200 GET /v2/et/service_instances/my-echo",
        "202 POST /v2/et/service_instances/my-echo/recreate",
        "409 DELETE /v2/et/manifest/echo-basic-manifest",
        "202 DELETE /v2/service_instances/my-echo",
        "200 DELETE /v2/et/manifest/echo-basic-manifest",
        "200 DELETE /v2/et/catalog",
    ];

    [Test]
    public async Task The_curl_walkthroughs_run_in_order_as_their_comments_say()
    {
        RequireTool("curl");
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        await using var broker = await BrokerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ESM_CATALOG_DIR"] = Path.Combine(Repository.Root, "catalog"),
            ["ESM_BROKER_USERNAME"] = "broker",
            ["ESM_BROKER_PASSWORD"] = "broker-secret",
            ["ESM_ADMIN_USERNAME"] = "admin",
            ["ESM_ADMIN_PASSWORD"] = "admin-secret",
        });
        var address = broker.Address.ToString().TrimEnd('/');
        var walkthrough = string.Join('\n', ShellBlocks(readme, "## Call it with curl").Concat(ShellBlocks(readme, "## Operate it: the /v2/et API")))
            .Replace("http://127.0.0.1:8080", address, StringComparison.Ordinal);
        using var folder = new TemporaryDirectory();
        var calls = folder.File("calls.log");
        await File.WriteAllTextAsync(folder.File("walkthrough.sh"), RecordingCurl + walkthrough);

        var (exitCode, output) = await RunBashAsync(folder.File("walkthrough.sh"), calls, address);

        var recorded = File.Exists(calls) ? await File.ReadAllLinesAsync(calls) : [];
        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(recorded, Is.EqualTo(Expected), $"what the walkthrough printed:\n{output}");
    }

    /// <summary>
    /// A curl that calls the real one and writes "status METHOD path" to $CALLS for each call, so
    /// that the walkthrough runs exactly as written.
    /// </summary>
    private const string RecordingCurl = """
        curl() {
          local method=GET url='' previous='' argument body status
          for argument in "$@"; do
            [ "$previous" = -X ] && method=$argument
            case $argument in http://*|https://*) url=$argument ;; esac
            previous=$argument
          done
          body=$(mktemp)
          status=$(command curl -sS -o "$body" -w '%{http_code}' "$@")
          url=${url#"$BASE"}
          echo "$status $method ${url%%\?*}" >>"$CALLS"
          cat "$body"; echo; rm -f "$body"
        }

        """;

    /// <summary>The ```sh blocks under the heading, up to the next heading of that level.</summary>
    private static IEnumerable<string> ShellBlocks(string readme, string heading)
    {
        var start = readme.IndexOf('\n' + heading + '\n', StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"README.md has no '{heading}' section");
        var end = readme.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = section.Split("```");

        // Split on fences: the odd pieces are the blocks' bodies, each starting with its language.
        for (var i = 1; i < blocks.Length; i += 2)
        {
            if (blocks[i].StartsWith("sh\n", StringComparison.Ordinal))
            {
                yield return blocks[i]["sh\n".Length..];
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string calls, string address)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["CALLS"] = calls;
        start.Environment["BASE"] = address;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, new StringBuilder(await output).Append(await error).ToString());
    }

    private static void RequireTool(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
        if (!found)
        {
            var reason = $"{name} is not on PATH: the README walkthrough runs it.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }
    }
}
