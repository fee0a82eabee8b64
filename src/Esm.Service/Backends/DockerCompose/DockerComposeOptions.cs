using Esm.Service.Backends.DockerCompose.Policy;
using Esm.Service.Failures;
using Microsoft.Extensions.Configuration;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>The compose backend's settings, bound from the ESM_COMPOSE_* variables (and DOCKER_HOST).</summary>
public sealed class DockerComposeOptions
{
    /// <summary>A day: far beyond any sensible bound, and within what timers accept.</summary>
    private const double MaximumSeconds = 86_400;

    /// <summary>The engine the docker CLI talks to; unset means the CLI's own default (the local socket).</summary>
    [ConfigurationKeyName("DOCKER_HOST")]
    public string? DockerHost { get; set; }

    /// <summary>Where each instance's folder (manifest, override, env file) is kept.</summary>
    [ConfigurationKeyName("ESM_COMPOSE_WORK_DIR")]
    public string WorkDirectory { get; set; } = "data/compose";

    /// <summary>The host name or address that bindings give applications to reach published ports.</summary>
    [ConfigurationKeyName("ESM_COMPOSE_ADVERTISED_HOST")]
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The host address that ports without one are published on (loopback unless the operator opens it).</summary>
    [ConfigurationKeyName("ESM_COMPOSE_PUBLISH_ADDRESS")]
    public string PublishAddress { get; set; } = "127.0.0.1";

    /// <summary>Comma-separated manifest policy exceptions, e.g. <c>privileged,cap_add</c> (see <see cref="ComposeManifestPolicy"/>).</summary>
    [ConfigurationKeyName("ESM_COMPOSE_ALLOW")]
    public string Allow { get; set; } = string.Empty;

    /// <summary>
    /// Names this broker on a shared engine: its projects carry it as a label, only it sweeps
    /// them, and it is part of every project name. Keep it stable once instances exist.
    /// </summary>
    [ConfigurationKeyName("ESM_COMPOSE_BROKER_ID")]
    public string BrokerId { get; set; } = "esm";

    /// <summary>The bound of a provision, update or deprovision, including the wait for healthy containers.</summary>
    [ConfigurationKeyName("ESM_COMPOSE_TIMEOUT_SECONDS")]
    public double OperationTimeoutSeconds { get; set; } = 600;

    /// <summary>The bound of each short docker call (listing, inspecting, logs, the engine check).</summary>
    [ConfigurationKeyName("ESM_COMPOSE_QUERY_TIMEOUT_SECONDS")]
    public double QueryTimeoutSeconds { get; set; } = 15;

    /// <summary>How often the orphan sweep runs after the one at start; 0 turns the sweep off.</summary>
    [ConfigurationKeyName("ESM_COMPOSE_SWEEP_SECONDS")]
    public double SweepIntervalSeconds { get; set; } = 300;

    /// <summary>How often container states are read while an instance starts.</summary>
    [ConfigurationKeyName("ESM_COMPOSE_POLL_MILLISECONDS")]
    public int PollMilliseconds { get; set; } = 200;

    public TimeSpan OperationTimeout => TimeSpan.FromSeconds(OperationTimeoutSeconds);

    public TimeSpan QueryTimeout => TimeSpan.FromSeconds(QueryTimeoutSeconds);

    public TimeSpan SweepInterval => TimeSpan.FromSeconds(SweepIntervalSeconds);

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollMilliseconds);

    public IReadOnlySet<string> Allowed =>
        Allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every problem with these settings, for a start that refuses wrong ones.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var token in Allowed.Where(t => !ComposeAllowlist.Exceptions.Contains(t)))
        {
            yield return $"ESM_COMPOSE_ALLOW: '{token}' is not a policy exception ({string.Join(", ", ComposeAllowlist.Exceptions)})";
        }

        if (string.IsNullOrWhiteSpace(WorkDirectory))
        {
            yield return "ESM_COMPOSE_WORK_DIR: must name a folder";
        }

        if (string.IsNullOrWhiteSpace(BrokerId))
        {
            yield return "ESM_COMPOSE_BROKER_ID: must not be empty";
        }

        var seconds = new[] { OperationTimeoutSeconds, QueryTimeoutSeconds, SweepIntervalSeconds, PollMilliseconds / 1000.0 };
        if (OperationTimeoutSeconds <= 0 || QueryTimeoutSeconds <= 0 || SweepIntervalSeconds < 0 || PollMilliseconds <= 0 || seconds.Any(s => s > MaximumSeconds))
        {
            yield return "ESM_COMPOSE_TIMEOUT_SECONDS, ESM_COMPOSE_QUERY_TIMEOUT_SECONDS and ESM_COMPOSE_POLL_MILLISECONDS must be positive, ESM_COMPOSE_SWEEP_SECONDS 0 or more, and none more than a day";
        }
    }
}
