using System.Diagnostics;
using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;
using Microsoft.Extensions.Options;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// Runs each instance as a Docker Compose project (see README, "The Docker Compose backend"):
/// the plan's compose file, checked by <see cref="Policy.ComposeManifestPolicy"/>, interpolated by
/// compose from the instance's variables; bindings hand out the published ports and secrets
/// through the plan's templates. Every call can be repeated: files are rewritten, <c>up</c>
/// converges, and removal is by label.
/// </summary>
public sealed class DockerComposeBackend(ComposeEngine engine, IOptions<DockerComposeOptions> options, TimeProvider clock, ILogger<DockerComposeBackend> logger)
    : IBackend, IOrphanedResources
{
    public const string Type = "docker-compose";

    private DockerComposeOptions Settings => options.Value;

    public string ManifestType => Type;

    public ExecutionMode ModeOf(OperationKind kind, PlanManifest manifest) => ComposePlan.ModeOf(kind, manifest);

    public Problems ValidateManifest(PlanManifest manifest) => ComposePlan.Validate(manifest, Settings.Allowed);

    public async Task<InstanceOutcome> ProvisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var (config, compose) = Plan(work.Manifest);
        var project = ComposeProject.Of(work.Instance.InstanceId, Settings);
        var secrets = InstanceSecrets.For(config, work.Instance.BackendState, project);
        var pins = PinnedPorts.FromState(work.Instance.BackendState);
        Files(compose, config, work, secrets, pins).WriteTo(project);
        var started = await StartAsync(project, compose, secrets, progress, deadline, cancellationToken);
        logger.LogInformation("Instance {InstanceId} runs as compose project {Project}.", work.Instance.InstanceId, project.Name);
        return new InstanceOutcome(State(project, secrets, started), Description: started.Progress);
    }

    public async Task<InstanceOutcome> UpdateAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var (config, compose) = Plan(work.Manifest);
        var project = ComposeProject.Of(work.Instance.InstanceId, Settings);

        // Before anything changes: an engine that does not answer leaves the instance as it was.
        await engine.EnsureReachableAsync(cancellationToken);
        var secrets = InstanceSecrets.For(config, work.Instance.BackendState, project);
        var pins = PinnedPorts.FromState(work.Instance.BackendState);
        var files = Files(compose, config, work, secrets, pins);
        var previous = InstanceFiles.ReadFrom(project);
        files.WriteTo(project);
        try
        {
            var started = await StartAsync(project, compose, secrets, progress, deadline, cancellationToken);
            return new InstanceOutcome(State(project, secrets, started), Description: started.Progress);
        }
        catch (BackendException failure) when (!cancellationToken.IsCancellationRequested)
        {
            progress.Report("The update failed; restoring the previous configuration.");
            var restored = previous is not null && await RestoreAsync(project, previous, secrets, pins, cancellationToken);
            throw new BackendException(
                $"{(restored ? "The update failed and the previous configuration runs again" : "The update failed and the previous configuration could not be restored")}: {failure.Message}",
                instanceUsable: restored,
                updateRepeatable: failure.UpdateRepeatable);
        }
    }

    public async Task DeprovisionAsync(InstanceWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var project = ComposeProject.Of(work.Instance.InstanceId, Settings);
        progress.Report("Removing containers, networks and volumes.");
        await engine.RemoveProjectAsync(project, Settings.OperationTimeout, cancellationToken);
        logger.LogInformation("Instance {InstanceId}: compose project {Project} removed.", work.Instance.InstanceId, project.Name);
    }

    public async Task<BindingOutcome> BindAsync(BindingWork work, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var config = ComposePlanConfig.From(work.Manifest.Config);
        var secrets = InstanceSecrets.FromState(work.Instance.BackendState);
        var variables = InstanceVariables.Of(config, work.Instance.Parameters, secrets);
        var containers = await engine.ContainersAsync(ComposeProject.Of(work.Instance.InstanceId, Settings), cancellationToken);
        string Resolve(TemplatePlaceholder placeholder) =>
            placeholder.IsHost ? Settings.AdvertisedHost
            : placeholder.IsPort ? HostPort(containers, placeholder)
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
        var project = ComposeProject.Of(instance.InstanceId, Settings);
        var containers = await engine.ContainersAsync(project, cancellationToken);
        var services = new JsonObject();
        foreach (var service in containers.Select(c => c.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            services[service] = new JsonArray([.. containers.Where(c => c.Service == service).Select(c => (JsonNode)new JsonObject
            {
                ["container"] = c.Name,
                ["state"] = c.State,
                ["health"] = c.Health,
                ["exit_code"] = c.HasStopped ? c.ExitCode : null,
                ["image"] = c.Image,
                ["ports"] = new JsonArray([.. c.Ports.Select(p => (JsonNode)JsonValue.Create(p.ToString()))]),
            })]);
        }

        return new JsonObject { ["backend"] = Type, ["project"] = project.Name, ["services"] = services };
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => engine.IsReachableAsync(cancellationToken);

    public TimeSpan SweepInterval => Settings.SweepInterval;

    public async Task<IReadOnlyList<LabelledInstance>> LabelledInstancesAsync(CancellationToken cancellationToken)
    {
        var labelled = new List<LabelledInstance>();
        foreach (var (instanceId, store, project) in await engine.LabelledInstancesAsync(cancellationToken))
        {
            // Only the project ESM derives from the instance id is ever ESM's to remove.
            if (ComposeProject.Of(instanceId, Settings).Name == project)
            {
                labelled.Add(new LabelledInstance(instanceId, store, project));
            }
            else
            {
                logger.LogWarning("Resources labelled for instance {InstanceId} of this broker belong to project {Project}, which is not that instance's; left alone.", instanceId, project);
            }
        }

        return labelled;
    }

    public Task RemoveAsync(LabelledInstance instance, CancellationToken cancellationToken) =>
        engine.RemoveProjectAsync(ComposeProject.Of(instance.InstanceId, Settings), Settings.OperationTimeout, cancellationToken);

    private (ComposePlanConfig Config, ComposeManifest Compose) Plan(PlanManifest manifest) => ComposePlan.Read(manifest, Settings.Allowed);

    private InstanceFiles Files(
        ComposeManifest compose, ComposePlanConfig config, InstanceWork work, IReadOnlyDictionary<string, string> secrets, PinnedPorts pins) => new(
        compose.Render(Settings.PublishAddress, pins),
        ComposeOverride.Render(compose, Settings.BrokerId, work.Instance.InstanceId, work.StoreIdentity),
        EnvFile.Render(InstanceVariables.Of(config, work.EffectiveParameters, secrets)),
        InstanceSecrets.Serialize(secrets));

    /// <summary><c>up</c>, then container states read until every service runs (and is healthy) or one fails.</summary>
    private async Task<StartupState> StartAsync(
        ComposeProject project, ComposeManifest compose, IReadOnlyDictionary<string, string> secrets, IProgress<string> progress, Stopwatch deadline, CancellationToken cancellationToken)
    {
        progress.Report("Creating and starting containers (pulling images where needed).");
        var up = await engine.UpAsync(project, Remaining(deadline), cancellationToken);
        if (!up.Succeeded)
        {
            throw await UpFailureAsync(project, compose, up, secrets, cancellationToken);
        }

        var reported = string.Empty;
        while (true)
        {
            var state = StartupState.Of(compose, await engine.ContainersAsync(project, cancellationToken));
            if (state.Failed is not null)
            {
                throw await ContainerFailureAsync(state, secrets, cancellationToken);
            }

            if (state.IsReady)
            {
                return state;
            }

            if (state.Progress != reported)
            {
                progress.Report(reported = state.Progress);
            }

            if (Remaining(deadline) <= TimeSpan.Zero)
            {
                throw new BackendException($"The services were not ready within {Settings.OperationTimeoutSeconds:0.#} s; waiting for {string.Join(", ", state.Waiting)}.");
            }

            await Task.Delay(Settings.PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>A container that exited explains more than compose's summary of the failed <c>up</c>.</summary>
    private async Task<BackendException> UpFailureAsync(
        ComposeProject project, ComposeManifest compose, CliResult up, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        try
        {
            var state = StartupState.Of(compose, await engine.ContainersAsync(project, cancellationToken));
            if (state.Failed is not null)
            {
                return await ContainerFailureAsync(state, secrets, cancellationToken);
            }
        }
        catch (BackendException)
        {
            // The engine went away as well: compose's own message says so.
        }

        return new BackendException(InstanceSecrets.Redacted($"{up.Command} failed: {up.ErrorSummary}", secrets));
    }

    private async Task<BackendException> ContainerFailureAsync(StartupState state, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var logs = await engine.LogTailAsync(state.Failed!, cancellationToken);
        return new BackendException(InstanceSecrets.Redacted($"{state.FailureReason} Its last log lines: {(logs.Length > 0 ? logs : "(none)")}", secrets));
    }

    /// <summary>Puts back the files of the configuration that ran before a failed update and starts it again.</summary>
    private async Task<bool> RestoreAsync(
        ComposeProject project, InstanceFiles previous, IReadOnlyDictionary<string, string> secrets, PinnedPorts pins, CancellationToken cancellationToken)
    {
        try
        {
            // It ran before under the policy of its day; restoring it admits nothing new. Rendered
            // again so that it takes the pinned ports, which it may not have had when first written.
            var compose = ComposeManifest.Rendered(previous.Manifest);
            (previous with { Manifest = compose.Render(Settings.PublishAddress, pins) }).WriteTo(project);
            await StartAsync(project, compose, secrets, new Progress<string>(), Stopwatch.StartNew(), cancellationToken);
            return true;
        }
        catch (BackendException e)
        {
            logger.LogWarning("Restoring compose project {Project} after a failed update failed: {Reason}", project.Name, e.Message);
            return false;
        }
    }

    private TimeSpan Remaining(Stopwatch deadline) => Settings.OperationTimeout - deadline.Elapsed;

    private string HostPort(IReadOnlyList<ContainerStatus> containers, TemplatePlaceholder placeholder) =>
        containers.Where(c => c.Service == placeholder.Service && c.IsRunning)
            .SelectMany(c => c.Ports)
            .FirstOrDefault(p => p.ContainerPort == placeholder.Port && p.Protocol == placeholder.Protocol)?.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? throw new BackendException($"{placeholder.Text}: service '{placeholder.Service}' has no running container publishing {placeholder.Port}/{placeholder.Protocol} (publish it in the compose file, e.g. ports: [\"{placeholder.Port}\"]).");

    private static JsonObject State(ComposeProject project, IReadOnlyDictionary<string, string> secrets, StartupState started) => new()
    {
        ["project"] = project.Name,
        ["secrets"] = new JsonObject(secrets.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(s.Value)))),
        [PinnedPorts.StateKey] = PinnedPorts.Of(started.Containers.Where(c => !c.OneOff).Select(c => (c.Service, c.Ports))).ToJson(),
    };

}
