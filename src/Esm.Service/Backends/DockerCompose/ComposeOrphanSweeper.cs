using Esm.Service.Model;
using Esm.Service.Stores;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Removes compose projects that carry this broker's label but whose instance the store no longer
/// has (a lost or restored database, a delete that crashed between the store and the engine), at
/// start and then every ESM_COMPOSE_SWEEP_SECONDS. An engine that does not answer is skipped quietly:
/// brokers without Docker plans need none.
/// </summary>
public sealed class ComposeOrphanSweeper(
    ComposeEngine engine,
    IStore store,
    IOptions<DockerComposeOptions> options,
    TimeProvider clock,
    ILogger<ComposeOrphanSweeper> logger) : BackgroundService
{
    /// <summary>One sweep; the number of projects removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!await engine.IsReachableAsync(cancellationToken))
        {
            logger.LogDebug("Orphan sweep skipped: the Docker engine is not reachable.");
            return 0;
        }

        var removed = 0;
        foreach (var (instanceId, projectName) in await engine.LabelledInstancesAsync(cancellationToken))
        {
            var project = ComposeProject.Of(instanceId, options.Value);
            if (project.Name != projectName)
            {
                // Only the project ESM derives from the instance id is ever ESM's to remove.
                logger.LogWarning("Resources labelled for an instance of this broker belong to project {Project}, not {Expected}; left alone.", projectName, project.Name);
                continue;
            }

            if (await IsGoneAsync(instanceId, cancellationToken))
            {
                await engine.RemoveProjectAsync(project, options.Value.OperationTimeout, cancellationToken);
                logger.LogInformation("Orphan sweep: removed compose project {Project}; its instance {InstanceId} no longer exists.", project.Name, instanceId);
                removed++;
            }
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SweepInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Orphan sweep failed; the next one runs in {Seconds} s.", options.Value.SweepIntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> IsGoneAsync(string instanceId, CancellationToken cancellationToken) =>
        await store.Instances.GetAsync(instanceId, cancellationToken) is null or { State: InstanceState.Deleted };
}
