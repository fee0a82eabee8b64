using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// The Docker engine as the compose backend uses it: <c>docker compose up/down</c> on a project's
/// files, and plain docker calls that find a project's resources by label (which needs no files,
/// so reading never writes and removal works even when the folder is gone).
/// </summary>
public sealed class ComposeEngine(DockerCli cli, IOptions<DockerComposeOptions> options, ILogger<ComposeEngine> logger)
{
    private const int LogLines = 10;

    private TimeSpan QueryTimeout => options.Value.QueryTimeout;

    /// <exception cref="BackendException">The engine does not answer, with the CLI's reason.</exception>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        var version = await cli.RunAsync("docker version", ["version", "--format", "{{.Server.Version}}"], QueryTimeout, cancellationToken);
        if (!version.Succeeded)
        {
            throw new BackendException($"The Docker engine is not reachable: {version.ErrorSummary}");
        }
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureReachableAsync(cancellationToken);
            return true;
        }
        catch (BackendException)
        {
            return false;
        }
    }

    /// <summary><c>up --detach</c>: creates what is missing, recreates what changed, removes services no longer declared.</summary>
    public Task<CliResult> UpAsync(ComposeProject project, TimeSpan timeout, CancellationToken cancellationToken) =>
        WhileEngineAnswersAsync(
            token => cli.RunAsync("docker compose up", project.ComposeArguments("up", "--detach", "--remove-orphans", "--quiet-pull"), timeout, token, project.Folder),
            cancellationToken);

    /// <summary>Every container of the project, also stopped ones.</summary>
    public async Task<IReadOnlyList<ContainerStatus>> ContainersAsync(ComposeProject project, CancellationToken cancellationToken)
    {
        var ids = await ListAsync("docker ps", ["ps", "--all", "--quiet", "--no-trunc", "--filter", project.LabelFilter], cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // A container removed between the two calls makes inspect fail for it alone; the others are still printed.
        var inspection = await cli.RunAsync("docker inspect", ["inspect", "--type", "container", .. ids], QueryTimeout, cancellationToken);
        if (!inspection.Succeeded && !inspection.StandardError.Contains("No such", StringComparison.OrdinalIgnoreCase))
        {
            inspection.OrThrow();
        }

        return ContainerStatus.ParseInspection(inspection.StandardOutput);
    }

    /// <summary>The last lines a container wrote (stdout and stderr), for a failure's description.</summary>
    public async Task<string> LogTailAsync(ContainerStatus container, CancellationToken cancellationToken)
    {
        var logs = await cli.RunAsync("docker logs", ["logs", "--tail", LogLines.ToString(System.Globalization.CultureInfo.InvariantCulture), container.Id], QueryTimeout, cancellationToken);
        return CliResult.Readable(string.Join('\n', new[] { logs.StandardOutput, logs.StandardError }.Where(s => s.Length > 0))).Trim();
    }

    /// <summary>
    /// Removes the project entirely: <c>down --volumes --remove-orphans</c> on its files when the
    /// folder has them, then whatever still carries its label (volumes of an earlier plan, or
    /// everything when the folder is gone), then the folder. Idempotent.
    /// </summary>
    public async Task RemoveProjectAsync(ComposeProject project, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (project.HasFiles)
        {
            var down = await WhileEngineAnswersAsync(
                token => cli.RunAsync("docker compose down", project.ComposeArguments("down", "--volumes", "--remove-orphans"), timeout, token, project.Folder),
                cancellationToken);
            if (!down.Succeeded)
            {
                logger.LogWarning("docker compose down of project {Project} failed ({Reason}); removing its resources by label.", project.Name, down.ErrorSummary);
            }
        }

        var containers = ListAsync("docker ps", ["ps", "--all", "--quiet", "--filter", project.LabelFilter], cancellationToken);
        var networks = ListAsync("docker network ls", ["network", "ls", "--quiet", "--filter", project.LabelFilter], cancellationToken);
        var volumes = ListAsync("docker volume ls", ["volume", "ls", "--quiet", "--filter", project.LabelFilter], cancellationToken);
        await RemoveAsync("docker rm", ["rm", "--force", "--volumes"], await containers, cancellationToken);
        await Task.WhenAll(
            RemoveAsync("docker network rm", ["network", "rm"], await networks, cancellationToken),
            RemoveAsync("docker volume rm", ["volume", "rm", "--force"], await volumes, cancellationToken));
        InstanceFiles.RemoveFrom(project);
    }

    /// <summary>
    /// The instances (by their label) that have containers, networks or volumes labelled with this
    /// broker's id, with the store identity and the project each carries.
    /// </summary>
    public async Task<IReadOnlySet<(string InstanceId, string? StoreIdentity, string Project)>> LabelledInstancesAsync(CancellationToken cancellationToken)
    {
        var filter = $"label={ComposeLabels.Broker}={options.Value.BrokerId}";
        var format = $"[{{{{json (.Label \"{ComposeLabels.Instance}\")}}}},{{{{json (.Label \"{ComposeLabels.Store}\")}}}},{{{{json (.Label \"{ComposeLabels.Project}\")}}}}]";
        var found = new HashSet<(string, string?, string)>();
        foreach (var (name, command) in new (string, string[])[]
        {
            ("docker ps", ["ps", "--all"]),
            ("docker network ls", ["network", "ls"]),
            ("docker volume ls", ["volume", "ls"]),
        })
        {
            foreach (var line in await ListAsync(name, [.. command, "--filter", filter, "--format", format], cancellationToken))
            {
                // The swarm backend labels its networks and volumes for this broker too; they carry no compose project.
                if (JsonSerializer.Deserialize<string[]>(line) is [var instanceId, var store, var project] && instanceId.Length > 0 && project.Length > 0)
                {
                    found.Add((instanceId, store.Length > 0 ? store : null, project));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Runs a long compose command while checking, alongside, that the engine answers: an engine
    /// that is down or hung fails the command within the query timeout rather than the operation's.
    /// </summary>
    private async Task<CliResult> WhileEngineAnswersAsync(Func<CancellationToken, Task<CliResult>> command, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = command(abandon.Token);
        try
        {
            await EnsureReachableAsync(abandon.Token);
        }
        catch (BackendException)
        {
            await abandon.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Abandoned on purpose: the engine check's failure is the one to report.
            }

            throw;
        }

        return await running;
    }

    private async Task<IReadOnlyList<string>> ListAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var listed = (await cli.RunAsync(command, arguments, QueryTimeout, cancellationToken)).OrThrow();
        return listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task RemoveAsync(string command, IReadOnlyList<string> arguments, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        // Another remover (a deprovision and the sweep) may have been first: what is gone is done.
        var removed = await cli.RunAsync(command, [.. arguments, .. targets], QueryTimeout, cancellationToken);
        if (!removed.Succeeded && !removed.StandardError.Contains("No such", StringComparison.OrdinalIgnoreCase))
        {
            removed.OrThrow();
        }
    }
}
