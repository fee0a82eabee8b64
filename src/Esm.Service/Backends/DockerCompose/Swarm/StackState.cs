namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// Where a deployed stack stands: for each service the file declares, how many of its tasks run
/// of how many it wants, or the service whose tasks keep failing since the deploy began.
/// </summary>
public sealed record StackState(IReadOnlyList<string> Progresses, bool IsReady, string? FailedService, SwarmTask? FailedTask, int Failures)
{
    /// <summary>
    /// How many failed tasks of one service, started by this deploy, fail the operation. Swarm
    /// restarts a failing task without end; one failure may be a slow dependency, three are not.
    /// </summary>
    public const int FailuresBeforeGivingUp = 3;

    public string Progress => string.Join(", ", Progresses) + ".";

    /// <param name="expected">The services the stack file declares.</param>
    /// <param name="earlierTasks">Tasks that existed before this deploy: their failures are not this deploy's.</param>
    public static StackState Of(
        IReadOnlyList<string> expected, IReadOnlyList<SwarmService> services, IReadOnlyList<SwarmTask> tasks, IReadOnlySet<string> earlierTasks)
    {
        var progresses = new List<string>();
        var ready = true;
        foreach (var name in expected)
        {
            if (services.FirstOrDefault(s => s.Service == name) is not { } service)
            {
                progresses.Add($"{name} not created yet");
                ready = false;
                continue;
            }

            var failed = tasks.Where(t => service.Owns(t) && t.HasFailed && !earlierTasks.Contains(t.Id)).ToList();
            if (failed.Count >= FailuresBeforeGivingUp)
            {
                return new StackState(progresses, false, name, failed[^1], failed.Count);
            }

            progresses.Add(service.IsJob
                ? $"{name} {service.Completed} of {service.Desired} runs completed"
                : $"{name} {service.Running} of {service.Desired} tasks running");
            ready &= service.IsReady;
        }

        return new StackState(progresses, ready, null, null, 0);
    }

    public string FailureReason => $"Service '{FailedService}' failed {Failures} times since the deploy began; the last: {FailedTask?.Error ?? FailedTask?.State}.";
}
