using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// The swarm manager at DOCKER_HOST as the swarm backend uses it: <c>docker stack deploy</c> of a
/// file given on standard input, swarm secrets created from standard input, and plain docker calls
/// that find a stack's services, tasks, networks, volumes and secrets by label.
/// </summary>
public sealed class SwarmEngine(DockerCli cli, IOptions<DockerComposeOptions> options)
{
    private const int LogLines = 10;

    private TimeSpan QueryTimeout => options.Value.QueryTimeout;

    /// <exception cref="BackendException">The engine does not answer, or is not a manager of an active swarm.</exception>
    public async Task EnsureManagerAsync(CancellationToken cancellationToken)
    {
        var info = await cli.RunAsync("docker info", ["info", "--format", "{{json .Swarm}}"], QueryTimeout, cancellationToken);
        if (!info.Succeeded)
        {
            throw new BackendException($"The Docker engine is not reachable: {info.ErrorSummary}");
        }

        var swarm = JsonNode.Parse(info.StandardOutput) as JsonObject;
        if (swarm?["LocalNodeState"]?.GetValue<string>() != "active" || swarm["ControlAvailable"]?.GetValue<bool>() != true)
        {
            throw new BackendException("The Docker engine at DOCKER_HOST is not a manager of an active swarm (docker swarm init, or point DOCKER_HOST at a manager).");
        }
    }

    public async Task<bool> IsManagerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureManagerAsync(cancellationToken);
            return true;
        }
        catch (BackendException)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>docker stack deploy</c> of <paramref name="file"/>, waiting until swarm reports every
    /// service converged (new tasks running and stable for the service's update monitor period).
    /// Images are used as the nodes have them: no registry is asked.
    /// </summary>
    public Task<CliResult> DeployAsync(SwarmStack stack, string file, TimeSpan timeout, CancellationToken cancellationToken) =>
        cli.RunAsync(
            "docker stack deploy",
            ["stack", "deploy", "--compose-file", "-", "--resolve-image", "never", "--prune", "--detach=false", "--quiet", stack.Name],
            timeout,
            cancellationToken,
            input: file);

    public async Task<IReadOnlyList<SwarmService>> ServicesAsync(SwarmStack stack, CancellationToken cancellationToken)
    {
        var listed = (await cli.RunAsync("docker service ls", ["service", "ls", "--filter", stack.LabelFilter, "--format", "{{json .}}"], QueryTimeout, cancellationToken)).OrThrow();
        return SwarmService.ParseListing(listed.StandardOutput, stack);
    }

    /// <summary>Every task of the stack that swarm still keeps (the running ones and a few past ones per slot).</summary>
    /// <param name="services">The stack's services as just listed: without any, the stack has no task to ask for.</param>
    public async Task<IReadOnlyList<SwarmTask>> TasksAsync(SwarmStack stack, IReadOnlyList<SwarmService> services, CancellationToken cancellationToken)
    {
        if (services.Count == 0)
        {
            return [];
        }

        // By stack rather than by service: a deploy may remove a service between the listing and this call.
        var listed = await cli.RunAsync("docker stack ps", ["stack", "ps", "--quiet", "--no-trunc", stack.Name], QueryTimeout, cancellationToken);
        if (!listed.Succeeded && listed.StandardError.Contains("nothing found in stack", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var ids = listed.OrThrow().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return [];
        }

        // A task removed between the two calls (swarm keeps a few old ones per slot) makes inspect
        // fail for it alone ("task ... not found"); the others are still printed.
        var inspection = await cli.RunAsync("docker inspect", ["inspect", "--type", "task", .. ids.Distinct()], QueryTimeout, cancellationToken);
        if (!inspection.Succeeded && !OnlyMissingObjects(inspection.StandardError))
        {
            inspection.OrThrow();
        }

        return SwarmTask.ParseInspection(inspection.StandardOutput);
    }

    /// <summary>The ports each service (by its name in the file) publishes through the ingress routing mesh, on every node.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<PublishedPort>>> IngressPortsAsync(IReadOnlyList<SwarmService> services, CancellationToken cancellationToken)
    {
        var ports = new Dictionary<string, IReadOnlyList<PublishedPort>>(StringComparer.Ordinal);
        if (services.Count == 0)
        {
            return ports;
        }

        var inspection = (await cli.RunAsync("docker service inspect", ["service", "inspect", .. services.Select(s => s.Id)], QueryTimeout, cancellationToken)).OrThrow();
        foreach (var service in JsonNode.Parse(inspection.StandardOutput) as JsonArray ?? [])
        {
            var id = service?["ID"]?.GetValue<string>() ?? string.Empty;
            if (services.FirstOrDefault(s => id.StartsWith(s.Id, StringComparison.Ordinal)) is not { } listed)
            {
                continue;
            }

            ports[listed.Service] =
            [
                .. (service?["Endpoint"]?["Ports"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(p => p["PublishMode"]?.GetValue<string>() == "ingress" && p["PublishedPort"] is not null)
                    .Select(p => new PublishedPort(p["TargetPort"]!.GetValue<int>(), p["Protocol"]?.GetValue<string>() ?? "tcp", string.Empty, p["PublishedPort"]!.GetValue<int>())),
            ];
        }

        return ports;
    }

    /// <summary>The address each node advertises to the swarm, by node id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeAddressesAsync(IEnumerable<string> nodeIds, CancellationToken cancellationToken)
    {
        var ids = nodeIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var lines = await ListAsync("docker node inspect", ["node", "inspect", "--format", "{{json .ID}} {{json .Status.Addr}}", .. ids], cancellationToken);
        return lines.Select(line => line.Split(' ', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => JsonSerializer.Deserialize<string>(p[0])!, p => JsonSerializer.Deserialize<string>(p[1]) ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>The last lines a service's tasks wrote, for a failure's description.</summary>
    public async Task<string> LogTailAsync(SwarmService service, CancellationToken cancellationToken)
    {
        var logs = await cli.RunAsync(
            "docker service logs",
            ["service", "logs", "--tail", LogLines.ToString(System.Globalization.CultureInfo.InvariantCulture), "--raw", "--no-task-ids", service.Id],
            QueryTimeout,
            cancellationToken);
        return CliResult.Readable(string.Join('\n', new[] { logs.StandardOutput, logs.StandardError }.Where(s => s.Length > 0))).Trim();
    }

    /// <summary>The instance's swarm secrets by name (the name of each generation), whatever their generation.</summary>
    public Task<IReadOnlyList<string>> SecretsAsync(SwarmStack stack, CancellationToken cancellationToken) =>
        ListAsync("docker secret ls", ["secret", "ls", "--filter", stack.LabelFilter, "--format", "{{.Name}}"], cancellationToken);

    /// <summary>Creates a swarm secret from <paramref name="value"/>, passed on standard input; an existing one of the name is left as it is.</summary>
    public async Task CreateSecretAsync(SwarmStack stack, string name, string swarmName, string value, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        string[] labelArguments = [.. labels.Append(KeyValuePair.Create(SwarmStack.NamespaceLabel, stack.Name)).Append(KeyValuePair.Create(SwarmStack.SecretLabel, name))
            .SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" })];
        var created = await cli.RunAsync("docker secret create", ["secret", "create", .. labelArguments, swarmName, "-"], QueryTimeout, cancellationToken, input: value);
        if (!created.Succeeded && !created.StandardError.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            created.OrThrow();
        }
    }

    public Task RemoveSecretsAsync(IReadOnlyList<string> swarmNames, CancellationToken cancellationToken) =>
        RemoveAsync("docker secret rm", ["secret", "rm"], swarmNames, cancellationToken);

    /// <summary>
    /// Removes the stack entirely: its services, then (once their containers are gone from this
    /// node) its networks, volumes and secrets. Idempotent. Volumes on other nodes of the swarm are
    /// beyond the manager's reach: Docker removes volumes node by node.
    /// </summary>
    public async Task RemoveStackAsync(SwarmStack stack, TimeSpan timeout, TimeProvider clock, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var services = await ListAsync("docker service ls", ["service", "ls", "--quiet", "--filter", stack.LabelFilter], cancellationToken);
        await RemoveAsync("docker service rm", ["service", "rm"], services, cancellationToken);

        var deadline = clock.GetUtcNow() + timeout;
        while ((await ListAsync("docker ps", ["ps", "--all", "--quiet", "--filter", stack.LabelFilter], cancellationToken)).Count > 0)
        {
            if (clock.GetUtcNow() > deadline)
            {
                throw new BackendException($"The containers of stack {stack.Name} were not gone within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(pollInterval, clock, cancellationToken);
        }

        var networks = ListAsync("docker network ls", ["network", "ls", "--quiet", "--filter", stack.LabelFilter], cancellationToken);
        var volumes = ListAsync("docker volume ls", ["volume", "ls", "--quiet", "--filter", stack.LabelFilter], cancellationToken);
        var secrets = SecretsAsync(stack, cancellationToken);
        await Task.WhenAll(
            RemoveAsync("docker network rm", ["network", "rm"], await networks, cancellationToken),
            RemoveAsync("docker volume rm", ["volume", "rm", "--force"], await volumes, cancellationToken),
            RemoveSecretsAsync(await secrets, cancellationToken));
    }

    /// <summary>
    /// The instances (by their label) that have services, networks, volumes or secrets labelled with
    /// this broker's id and a stack's namespace, with the store identity and the stack each carries.
    /// </summary>
    public async Task<IReadOnlySet<(string InstanceId, string? StoreIdentity, string Stack)>> LabelledInstancesAsync(CancellationToken cancellationToken)
    {
        var filter = $"label={ComposeLabels.Broker}={options.Value.BrokerId}";
        var format = $"[{{{{json (.Label \"{ComposeLabels.Instance}\")}}}},{{{{json (.Label \"{ComposeLabels.Store}\")}}}},{{{{json (.Label \"{SwarmStack.NamespaceLabel}\")}}}}]";

        // docker service ls cannot print one label: the services' labels come from inspecting them.
        var found = new HashSet<(string, string?, string)>();
        var services = await ListAsync("docker service ls", ["service", "ls", "--quiet", "--filter", filter], cancellationToken);
        if (services.Count > 0)
        {
            foreach (var line in await ListAsync("docker service inspect", ["service", "inspect", "--format", "{{json .Spec.Labels}}", .. services], cancellationToken))
            {
                if (JsonSerializer.Deserialize<Dictionary<string, string>>(line) is { } labels)
                {
                    Add(labels.GetValueOrDefault(ComposeLabels.Instance), labels.GetValueOrDefault(ComposeLabels.Store), labels.GetValueOrDefault(SwarmStack.NamespaceLabel));
                }
            }
        }

        foreach (var (name, command) in new (string, string[])[]
        {
            ("docker network ls", ["network", "ls"]),
            ("docker volume ls", ["volume", "ls"]),
            ("docker secret ls", ["secret", "ls"]),
        })
        {
            foreach (var line in await ListAsync(name, [.. command, "--filter", filter, "--format", format], cancellationToken))
            {
                if (JsonSerializer.Deserialize<string[]>(line) is [var instanceId, var store, var stack])
                {
                    Add(instanceId, store, stack);
                }
            }
        }

        return found;

        // Resources of the compose backend carry the same broker label but no stack namespace: they are not this backend's.
        void Add(string? instanceId, string? store, string? stack)
        {
            if (instanceId is { Length: > 0 } && stack is { Length: > 0 })
            {
                found.Add((instanceId, store is { Length: > 0 } ? store : null, stack));
            }
        }
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
        if (!removed.Succeeded && !OnlyMissingObjects(removed.StandardError))
        {
            removed.OrThrow();
        }
    }

    /// <summary>Whether every error the CLI printed says an object does not exist (the wording differs by object type).</summary>
    private static bool OnlyMissingObjects(string standardError)
    {
        var errors = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return errors.Length > 0 && errors.All(line =>
            line.Contains("No such", StringComparison.OrdinalIgnoreCase) || line.Contains("not found", StringComparison.OrdinalIgnoreCase));
    }
}
