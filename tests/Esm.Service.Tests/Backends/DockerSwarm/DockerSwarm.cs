using Esm.Service.Tests.Backends.DockerCompose;

namespace Esm.Service.Tests.Backends.DockerSwarm;

/// <summary>
/// The one-node swarm the swarm tests run against: the engine of <see cref="DockerEngine"/>, made a
/// swarm manager by `.ci/start-swarm.sh`. Without it the tests are skipped with the reason, except
/// under CI (CI=true), where its absence is a failure.
/// </summary>
public static class DockerSwarm
{
    private static readonly Lazy<Task<string?>> Absence = new(FindAbsenceAsync);

    public static async Task RequireAsync()
    {
        await DockerEngine.RequireAsync();
        if (await Absence.Value is { } reason)
        {
            var message = $"Swarm tests need the engine to be a swarm manager (bash .ci/start-swarm.sh): {reason}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }
    }

    public static async Task<bool> IsAvailableAsync() => await DockerEngine.IsAvailableAsync() && await Absence.Value is null;

    /// <summary>The ids of the services, secrets, networks or volumes (<paramref name="kind"/>) that carry a label; for containers, "ps".</summary>
    public static Task<IReadOnlyList<string>> LabelledAsync(string kind, string label) =>
        kind is "service" or "secret" ? ListAsync([kind, "ls", "--quiet", "--filter", $"label={label}"]) : DockerEngine.LabelledAsync(kind, label);

    /// <summary>Everything of a stack: its services, its tasks' containers, networks, volumes and secrets.</summary>
    public static async Task<int> ResourceCountAsync(string stack)
    {
        var label = $"com.docker.stack.namespace={stack}";
        var count = 0;
        foreach (var kind in new[] { "service", "ps", "network", "volume", "secret" })
        {
            count += (await LabelledAsync(kind, label)).Count;
        }

        return count;
    }

    /// <summary>Removes every stack resource that carries <paramref name="label"/> (a fixture's leftovers), services first.</summary>
    public static async Task RemoveLabelledAsync(string label)
    {
        var stacks = new HashSet<string>(StringComparer.Ordinal);
        if (await LabelledAsync("service", label) is { Count: > 0 } services)
        {
            foreach (var line in await ListAsync(["service", "inspect", "--format", "{{index .Spec.Labels \"com.docker.stack.namespace\"}}", .. services]))
            {
                stacks.Add(line);
            }

            await DockerEngine.RunAsync(["service", "rm", .. services]);
        }

        // A network or volume is removed only once the tasks' containers using it are gone.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var stack in stacks)
        {
            while ((await DockerEngine.LabelledAsync("ps", $"com.docker.stack.namespace={stack}")).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        foreach (var kind in new[] { "network", "volume", "secret" })
        {
            if (await LabelledAsync(kind, label) is { Count: > 0 } resources)
            {
                await DockerEngine.TryRunAsync([kind, "rm", .. resources]);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> ListAsync(string[] arguments) =>
        (await DockerEngine.RunAsync(arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string?> FindAbsenceAsync()
    {
        var (exitCode, output, errors) = await DockerEngine.TryRunAsync("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}");
        return exitCode != 0 ? errors.Trim()
            : output.Trim() == "active true" ? null
            : $"the engine's swarm state is '{output.Trim()}', not an active manager";
    }
}
