using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose.Swarm;

/// <summary>
/// Runs each instance as a Docker Swarm stack on the manager at DOCKER_HOST (see README, "Scaling
/// out"): the plan's compose file, checked by the same allowlist as the compose backend's, with
/// the instance's secrets as swarm secrets and its variables filled in by the broker
/// (<see cref="ComposeInterpolation"/>), deployed with <c>docker stack deploy</c>. The backend
/// state keeps what a failed update needs to put the previous configuration back, never a file.
/// </summary>
public sealed class DockerSwarmBackend(
    SwarmEngine engine, IOptions<DockerComposeOptions> options, IOptions<DockerSwarmOptions> swarmOptions, TimeProvider clock, ILogger<DockerSwarmBackend> logger)
    : IBackend, IOrphanedResources
{
    public const string Type = "docker-swarm";

    /// <summary>An update parameter, <c>true</c> to give the instance new secrets; never a variable of the file.</summary>
    public const string RotateSecretsParameter = "rotate_secrets";

    private const string StackKey = "stack";
    private const string GenerationKey = "secret_generation";
    private const string RenderedKey = "rendered";
    private const string VariablesKey = "variables";

    private DockerComposeOptions Settings => options.Value;

    public string ManifestType => Type;

    public TimeSpan SweepInterval => Settings.SweepInterval;

    public ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) => ComposePlan.ModeOf(kind, manifest);

    public Problems ValidateManifest(PlanManifest manifest) =>
        ComposePlan.Validate(manifest, Settings.Allowed).Add(
            ComposePlanConfig.From(manifest.Config).Secrets.Contains(RotateSecretsParameter)
                ? Problems.Of($"config.secrets: '{RotateSecretsParameter}' is the update parameter that rotates the secrets")
                : Problems.None);

    public async Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var (config, compose) = Plan(work.Manifest);
        var stack = SwarmStack.Of(work.Instance.InstanceId, Settings);
        await engine.EnsureManagerAsync(cancellationToken);

        // Secrets exist in the swarm but not in the instance's state: an attempt that crashed before
        // its outcome was stored may have initialised data with them, and their values cannot be
        // read back. Nothing was handed out yet, so the stack starts over.
        var known = InstanceSecrets.FromState(work.Instance.BackendState);
        if (known.Count == 0 && (await engine.SecretsAsync(stack, cancellationToken)).Count > 0)
        {
            progress.Report("An earlier attempt left the stack behind with secrets the broker did not keep; removing it first.");
            await engine.RemoveStackAsync(stack, Remaining(deadline), clock, Settings.PollInterval, cancellationToken);
        }

        var deployed = await DeployAsync(
            work, stack, config, compose, InstanceSecrets.WithMissing(config, known), GenerationOf(work.Instance.BackendState), work.EffectiveParameters, progress, deadline, cancellationToken);
        logger.LogInformation("Instance {InstanceId} runs as swarm stack {Stack}.", work.Instance.InstanceId, stack.Name);
        return new InstanceOutcome(deployed.State, Description: deployed.Progress);
    }

    public async Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var (config, compose) = Plan(work.Manifest);
        var stack = SwarmStack.Of(work.Instance.InstanceId, Settings);

        // Before anything changes: an engine that does not answer leaves the instance as it was.
        await engine.EnsureManagerAsync(cancellationToken);
        var before = work.Instance.BackendState;
        var previousSecrets = InstanceSecrets.FromState(before);
        var generation = GenerationOf(before);
        var rotate = work.Change?.Parameters?[RotateSecretsParameter] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        var secrets = rotate
            ? config.Secrets.ToDictionary(name => name, _ => InstanceSecrets.NewValue(), StringComparer.Ordinal)
            : InstanceSecrets.WithMissing(config, new Dictionary<string, string>(previousSecrets, StringComparer.Ordinal));
        var target = rotate ? generation + 1 : generation;
        try
        {
            var deployed = await DeployAsync(work, stack, config, compose, secrets, target, work.EffectiveParameters, progress, deadline, cancellationToken);

            // What the services no longer mount: earlier generations, and secrets the plan dropped.
            var current = secrets.Keys.Select(name => stack.SecretName(name, target)).ToHashSet(StringComparer.Ordinal);
            await engine.RemoveSecretsAsync([.. (await engine.SecretsAsync(stack, cancellationToken)).Where(s => !current.Contains(s))], cancellationToken);
            return new InstanceOutcome(deployed.State, Description: deployed.Progress);
        }
        catch (BackendException failure) when (!cancellationToken.IsCancellationRequested)
        {
            progress.Report("The update failed; restoring the previous configuration.");
            var restored = await RestoreAsync(stack, before, previousSecrets, cancellationToken);
            throw new BackendException(
                $"{(restored ? "The update failed and the previous configuration runs again" : "The update failed and the previous configuration could not be restored")}: {failure.Message}",
                instanceUsable: restored,
                updateRepeatable: failure.UpdateRepeatable);
        }
    }

    public async Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var stack = SwarmStack.Of(work.Instance.InstanceId, Settings);
        progress.Report("Removing services, networks, volumes and secrets.");
        await engine.RemoveStackAsync(stack, Settings.OperationTimeout, clock, Settings.PollInterval, cancellationToken);
        logger.LogInformation("Instance {InstanceId}: swarm stack {Stack} removed.", work.Instance.InstanceId, stack.Name);
    }

    public async Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var config = ComposePlanConfig.From(work.Manifest.Config);
        var secrets = InstanceSecrets.FromState(work.Instance.BackendState);
        var variables = InstanceVariables.Of(config, WithoutRotation(work.Instance.Parameters), secrets);
        var stack = SwarmStack.Of(work.Instance.InstanceId, Settings);
        var services = await engine.ServicesAsync(stack, cancellationToken);
        var running = (await engine.TasksAsync(stack, services, cancellationToken)).Where(t => t.IsRunning && t.DesiredState == "running").ToList();
        var ingress = await engine.IngressPortsAsync(services, cancellationToken);
        var host = swarmOptions.Value.AdvertisedHost is { Length: > 0 } advertised
            ? advertised
            : (await engine.NodeAddressesAsync(running.Select(t => t.NodeId).Take(1), cancellationToken)).Values.FirstOrDefault()
                ?? throw new BackendException($"Stack {stack.Name} has no running task, so no node to name as the host.");

        string Resolve(TemplatePlaceholder placeholder) =>
            placeholder.IsHost ? host
            : placeholder.IsPort ? HostPort(services, running, ingress, placeholder)
            : variables.TryGetValue(placeholder.Variable!, out var value) ? value
            : throw new BackendException($"The credentials name {placeholder.Text}, which the instance has neither as a parameter nor as a secret.");

        var template = config.Credentials ?? ConnectionTemplate.DefaultCredentials(secrets.Keys);
        var result = new JsonObject { ["credentials"] = ConnectionTemplate.Fill(template, Resolve) };
        if (work.Manifest.Endpoints is { } endpoints)
        {
            result["endpoints"] = ConnectionTemplate.FillEndpoints(endpoints, Resolve);
        }

        return new BindingOutcome(result);
    }

    /// <summary>Nothing to revoke: bindings hand out the instance's own credentials.</summary>
    public Task UnbindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<JsonObject> DescribeAsync(ServiceInstanceRecord instance, PlanManifest manifest, CancellationToken cancellationToken)
    {
        var stack = SwarmStack.Of(instance.InstanceId, Settings);
        var services = await engine.ServicesAsync(stack, cancellationToken);
        var tasks = await engine.TasksAsync(stack, services, cancellationToken);
        var nodes = await engine.NodeAddressesAsync(tasks.Select(t => t.NodeId), cancellationToken);
        var described = new JsonObject();
        foreach (var service in services.OrderBy(s => s.Service, StringComparer.Ordinal))
        {
            described[service.Service] = new JsonObject
            {
                ["mode"] = service.Mode,
                ["running"] = service.Running,
                ["desired"] = service.Desired,
                ["tasks"] = new JsonArray([.. tasks.Where(t => service.Owns(t) && (t.DesiredState == "running" || t.HasFailed)).Select(t => (JsonNode)new JsonObject
                {
                    ["task"] = t.Id,
                    ["node"] = nodes.GetValueOrDefault(t.NodeId, t.NodeId),
                    ["state"] = t.State,
                    ["desired_state"] = t.DesiredState,
                    ["error"] = t.Error,
                    ["ports"] = new JsonArray([.. t.Ports.Select(p => (JsonNode)JsonValue.Create($"{p.HostPort}->{p.ContainerPort}/{p.Protocol}"))]),
                })]),
            };
        }

        return new JsonObject { ["backend"] = Type, ["stack"] = stack.Name, ["services"] = described };
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => engine.IsManagerAsync(cancellationToken);

    public async Task<IReadOnlyList<LabelledInstance>> LabelledInstancesAsync(CancellationToken cancellationToken)
    {
        var labelled = new List<LabelledInstance>();
        foreach (var (instanceId, store, stack) in await engine.LabelledInstancesAsync(cancellationToken))
        {
            // Only the stack ESM derives from the instance id is ever ESM's to remove.
            if (SwarmStack.Of(instanceId, Settings).Name == stack)
            {
                labelled.Add(new LabelledInstance(instanceId, store, stack));
            }
            else
            {
                logger.LogWarning("Resources labelled for instance {InstanceId} of this broker belong to stack {Stack}, which is not that instance's; left alone.", instanceId, stack);
            }
        }

        return labelled;
    }

    public Task RemoveAsync(LabelledInstance instance, CancellationToken cancellationToken) =>
        engine.RemoveStackAsync(SwarmStack.Of(instance.InstanceId, Settings), Settings.OperationTimeout, clock, Settings.PollInterval, cancellationToken);

    private (ComposePlanConfig Config, ComposeManifest Compose) Plan(PlanManifest manifest) => ComposePlan.Read(manifest, Settings.Allowed);

    /// <summary>Creates the secrets of <paramref name="generation"/>, renders the stack file and deploys it until it converges.</summary>
    private async Task<(JsonObject State, string Progress)> DeployAsync(
        InstanceWork work,
        SwarmStack stack,
        ComposePlanConfig config,
        ComposeManifest compose,
        IReadOnlyDictionary<string, string> secrets,
        int generation,
        JsonObject? parameters,
        IProgress<string> progress,
        Stopwatch deadline,
        CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ComposeLabels.Broker] = Settings.BrokerId,
            [ComposeLabels.Instance] = work.Instance.InstanceId,
            [ComposeLabels.Store] = work.StoreIdentity,
        };
        foreach (var (name, value) in secrets)
        {
            await engine.CreateSecretAsync(stack, name, stack.SecretName(name, generation), value, labels, cancellationToken);
        }

        var rendered = StackFile.Render(compose, stack, labels, secrets.Keys, generation);
        var variables = InstanceVariables.Of(config, WithoutRotation(parameters), secrets);
        string file;
        try
        {
            file = StackFile.Deployable(rendered, PinnedPorts.FromState(work.Instance.BackendState), variables);
        }
        catch (InvalidManifestException e)
        {
            throw new BackendException($"The plan's manifest cannot run: {e.Message}", updateRepeatable: false);
        }

        var (state, tasks) = await ConvergeAsync(stack, compose.Services, file, secrets, progress, deadline, cancellationToken);
        return (new JsonObject
        {
            [StackKey] = stack.Name,
            ["secrets"] = new JsonObject(secrets.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(s.Value)))),
            [GenerationKey] = generation,
            [PinnedPorts.StateKey] = PinnedPorts.Of(tasks.Select(r => (r.Service.Service, r.Task.Ports))).ToJson(),
            [RenderedKey] = rendered,
            [VariablesKey] = new JsonObject(variables.Where(v => !secrets.ContainsKey(v.Key)).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))),
        }, state.Progress);
    }

    /// <summary>
    /// Deploys and watches: swarm's own convergence check (<c>--detach=false</c>) says when the
    /// stack is up; alongside it, the tasks are read for progress and for a service whose tasks
    /// keep failing, which swarm would retry without end.
    /// </summary>
    private async Task<(StackState State, IReadOnlyList<(SwarmService Service, SwarmTask Task)> Running)> ConvergeAsync(
        SwarmStack stack,
        IReadOnlyList<string> expected,
        string file,
        IReadOnlyDictionary<string, string> secrets,
        IProgress<string> progress,
        Stopwatch deadline,
        CancellationToken cancellationToken)
    {
        var earlier = (await engine.TasksAsync(stack, await engine.ServicesAsync(stack, cancellationToken), cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        progress.Report("Deploying the stack.");
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deploying = engine.DeployAsync(stack, file, Remaining(deadline), abandon.Token);
        try
        {
            var reported = string.Empty;
            while (true)
            {
                var services = await engine.ServicesAsync(stack, cancellationToken);
                var tasks = await engine.TasksAsync(stack, services, cancellationToken);
                var state = StackState.Of(expected, services, tasks, earlier);
                if (state.FailedService is not null)
                {
                    var service = services.First(s => s.Service == state.FailedService);
                    var logs = await engine.LogTailAsync(service, cancellationToken);
                    throw new BackendException(InstanceSecrets.Redacted($"{state.FailureReason} Its last log lines: {(logs.Length > 0 ? logs : "(none)")}", secrets));
                }

                if (deploying.IsCompleted)
                {
                    var deployed = await deploying;
                    if (!deployed.Succeeded)
                    {
                        throw new BackendException(InstanceSecrets.Redacted($"{deployed.Command} failed: {deployed.ErrorSummary}", secrets));
                    }

                    if (state.IsReady)
                    {
                        return (state, [.. tasks.Where(t => t.IsRunning && t.DesiredState == "running").Select(t => (services.First(s => s.Owns(t)), t))]);
                    }
                }

                if (state.Progress != reported)
                {
                    progress.Report(reported = state.Progress);
                }

                if (Remaining(deadline) <= TimeSpan.Zero)
                {
                    throw new BackendException($"The stack did not converge within {Settings.OperationTimeoutSeconds:0.#} s: {state.Progress}");
                }

                var pause = Task.Delay(Settings.PollInterval, clock, cancellationToken);
                await (deploying.IsCompleted ? pause : Task.WhenAny(deploying, pause));
            }
        }
        finally
        {
            if (!deploying.IsCompleted)
            {
                await abandon.CancelAsync();
                try
                {
                    await deploying;
                }
                catch (Exception e) when (e is OperationCanceledException or BackendException)
                {
                    // Abandoned on purpose: the failure that ended the watch is the one to report.
                }
            }
        }
    }

    /// <summary>Deploys the file and variables of the configuration that ran before a failed update.</summary>
    private async Task<bool> RestoreAsync(SwarmStack stack, JsonObject? before, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        if (before?[RenderedKey] is not JsonValue renderedValue || !renderedValue.TryGetValue(out string? rendered))
        {
            return false;
        }

        try
        {
            var variables = (before[VariablesKey] as JsonObject ?? [])
                .ToDictionary(v => v.Key, v => InstanceVariables.Text(v.Value), StringComparer.Ordinal);
            foreach (var (name, value) in secrets)
            {
                variables[name] = value;
            }

            var services = ComposeManifest.Rendered(rendered).Services;
            var file = StackFile.Deployable(rendered, PinnedPorts.FromState(before), variables);
            await ConvergeAsync(stack, services, file, secrets, new Progress<string>(), Stopwatch.StartNew(), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is BackendException or InvalidManifestException)
        {
            logger.LogWarning("Restoring swarm stack {Stack} after a failed update failed: {Reason}", stack.Name, e.Message);
            return false;
        }
    }

    private TimeSpan Remaining(Stopwatch deadline) => Settings.OperationTimeout - deadline.Elapsed;

    /// <summary>A host-mode port where a task of the service runs, else the port the ingress publishes on every node.</summary>
    private static string HostPort(
        IReadOnlyList<SwarmService> services, IReadOnlyList<SwarmTask> running, IReadOnlyDictionary<string, IReadOnlyList<PublishedPort>> ingress, TemplatePlaceholder placeholder)
    {
        bool Matches(PublishedPort p) => p.ContainerPort == placeholder.Port && p.Protocol == placeholder.Protocol;
        var service = services.FirstOrDefault(s => s.Service == placeholder.Service);
        var port = running.Where(t => service?.Owns(t) == true).SelectMany(t => t.Ports).FirstOrDefault(Matches)
            ?? ingress.GetValueOrDefault(placeholder.Service!)?.FirstOrDefault(Matches);
        return port?.HostPort.ToString(CultureInfo.InvariantCulture)
            ?? throw new BackendException($"{placeholder.Text}: service '{placeholder.Service}' has no running task publishing {placeholder.Port}/{placeholder.Protocol} (publish it in the compose file, e.g. ports: [\"{placeholder.Port}\"]).");
    }

    private static int GenerationOf(JsonObject? backendState) =>
        backendState?[GenerationKey] is JsonValue value && value.TryGetValue(out int generation) ? generation : 1;

    private static JsonObject? WithoutRotation(JsonObject? parameters)
    {
        if (parameters?.ContainsKey(RotateSecretsParameter) != true)
        {
            return parameters;
        }

        var copy = (JsonObject)parameters.DeepClone();
        copy.Remove(RotateSecretsParameter);
        return copy;
    }
}
