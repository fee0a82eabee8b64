using System.Diagnostics;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>
/// The real Docker engine (and Compose v2, and the local test image) that the compose tests run
/// against: `.ci/install-docker.sh` provides all three. Without them the tests are skipped with
/// the reason, except under CI (CI=true), where their absence is a failure.
/// </summary>
public static class DockerEngine
{
    public const string TestImage = "esm-test/busybox:1";

    private static readonly Lazy<Task<string?>> Absence = new(FindAbsenceAsync);

    /// <summary>Skips (or, under CI, fails) the calling fixture unless the engine answers.</summary>
    public static async Task RequireAsync()
    {
        if (await Absence.Value is { } reason)
        {
            var message = $"Docker tests need a Docker engine, Compose v2 and the image {TestImage} (bash .ci/install-docker.sh): {reason}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }
    }

    public static async Task<bool> IsAvailableAsync() => await Absence.Value is null;

    /// <summary>Runs the docker CLI (arguments as a list) and returns its output; a failure fails the test.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var (exitCode, output, errors) = await TryRunAsync(arguments);
        return exitCode == 0 ? output : throw new AssertionException($"docker {string.Join(' ', arguments)} failed ({exitCode}): {errors}");
    }

    /// <summary>The ids of containers, networks or volumes (<paramref name="kind"/>: ps, network, volume) that carry a label.</summary>
    public static async Task<IReadOnlyList<string>> LabelledAsync(string kind, string label)
    {
        string[] command = kind == "ps" ? ["ps", "--all"] : [kind, "ls"];
        var output = await RunAsync([.. command, "--quiet", "--filter", $"label={label}"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Removes every container, network and volume that carries a label (a fixture's leftovers).</summary>
    public static async Task RemoveLabelledAsync(string label)
    {
        if (await LabelledAsync("ps", label) is { Count: > 0 } containers)
        {
            await RunAsync(["rm", "--force", "--volumes", .. containers]);
        }

        foreach (var kind in new[] { "network", "volume" })
        {
            if (await LabelledAsync(kind, label) is { Count: > 0 } resources)
            {
                await RunAsync([kind, "rm", .. resources]);
            }
        }
    }

    public static async Task<(int ExitCode, string Output, string Errors)> TryRunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static async Task<string?> FindAbsenceAsync()
    {
        try
        {
            foreach (var check in new[] { new[] { "info", "--format", "{{.ServerVersion}}" }, ["compose", "version"], ["image", "inspect", TestImage] })
            {
                var (exitCode, _, errors) = await TryRunAsync(check);
                if (exitCode != 0)
                {
                    return $"docker {string.Join(' ', check)}: {errors.Trim()}";
                }
            }

            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"the docker CLI cannot be started: {e.Message}";
        }
    }
}
