using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>One service of a stack as <c>docker service ls</c> reports it: how many of its tasks run of how many it wants.</summary>
/// <param name="Id">The listing's short id, a prefix of the full one (which docker accepts as well).</param>
/// <param name="Service">Its name in the stack's file.</param>
/// <param name="Desired">The tasks it wants running; for a job, the completions it wants.</param>
/// <param name="Completed">For a job (replicated-job, global-job): how many of its tasks completed; null for a service that runs.</param>
public sealed partial record SwarmService(string Id, string Service, string Mode, int Running, int Desired, int? Completed)
{
    public bool IsJob => Completed is not null;

    /// <summary>Whether the task is one of this service's (a task names its service by the full id).</summary>
    public bool Owns(SwarmTask task) => Id.Length > 0 && task.ServiceId.StartsWith(Id, StringComparison.Ordinal);

    /// <summary>Every task it wants is running, or, for a job, has completed.</summary>
    public bool IsReady => IsJob ? Completed >= Desired : Running >= Desired;

    /// <summary>Reads the lines <c>docker service ls --format '{{json .}}'</c> prints, keeping the services of <paramref name="stack"/>.</summary>
    public static IReadOnlyList<SwarmService> ParseListing(string lines, SwarmStack stack)
    {
        var services = new List<SwarmService>();
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(line) ?? [];
            if (stack.ServiceOf(fields.GetValueOrDefault("Name", string.Empty)) is not { } service)
            {
                continue;
            }

            // "2/3" for a service that runs; "0/1 (1/1 completed)" for a job.
            var replicas = Replicas().Match(fields.GetValueOrDefault("Replicas", string.Empty));
            services.Add(new SwarmService(
                fields.GetValueOrDefault("ID", string.Empty),
                service,
                fields.GetValueOrDefault("Mode", string.Empty),
                replicas.Success ? Number(replicas.Groups["running"].Value) : 0,
                !replicas.Success ? 0 : Number(replicas.Groups[replicas.Groups["total"].Success ? "total" : "desired"].Value),
                replicas.Groups["completed"].Success ? Number(replicas.Groups["completed"].Value) : null));
        }

        return services;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<running>\d+)/(?<desired>\d+)(?: \((?<completed>\d+)/(?<total>\d+) completed\))?")]
    private static partial Regex Replicas();
}
