using System.Text.Json.Nodes;
using Esm.Service.Failures;
using Esm.Service.Model;

namespace Esm.Service.Backends.Dummy;

/// <summary>
/// A dummy plan's settings in its manifest <c>config</c>: <c>delay_seconds</c> makes provision,
/// update and deprovision asynchronous and that long; <c>bind_delay_seconds</c> does the same for
/// bind and unbind; <c>fail</c> lists operations that fail (provision, update, deprovision, bind, unbind).
/// </summary>
public sealed record DummyPlanConfig(TimeSpan InstanceDelay, TimeSpan BindingDelay, IReadOnlySet<OperationKind> Failing)
{
    /// <summary>A day: a dummy that takes longer demonstrates nothing more.</summary>
    private const double MaximumDelaySeconds = 86_400;

    public static DummyPlanConfig From(JsonObject config)
    {
        var failing = new HashSet<OperationKind>();
        if (config["fail"] is JsonArray names)
        {
            foreach (var name in names)
            {
                if (name is JsonValue value && value.TryGetValue(out string? text) && Enum.TryParse<OperationKind>(text, ignoreCase: true, out var kind))
                {
                    failing.Add(kind);
                }
            }
        }

        return new DummyPlanConfig(Seconds(config, "delay_seconds"), Seconds(config, "bind_delay_seconds"), failing);
    }

    /// <summary>What is wrong with the config; unknown operation names are refused rather than a typo ignored.</summary>
    public static Problems Problems(JsonObject config)
    {
        var problems = Failures.Problems.None;
        if (config["fail"] is { } fail)
        {
            var valid = fail is JsonArray names && names.All(n => n is JsonValue v && v.TryGetValue(out string? t) && Enum.TryParse<OperationKind>(t, ignoreCase: true, out _));
            if (!valid)
            {
                problems.Add("config.fail must list operations: provision, update, deprovision, bind, unbind");
            }
        }

        foreach (var key in new[] { "delay_seconds", "bind_delay_seconds" })
        {
            if (config[key] is { } value && !JsonNumbers.TryGetSeconds(value, MaximumDelaySeconds, out _))
            {
                problems.Add($"config.{key} must be a number of seconds from 0 to {MaximumDelaySeconds:0}");
            }
        }

        return problems;
    }

    public TimeSpan DelayOf(OperationKind kind) => kind is OperationKind.Bind or OperationKind.Unbind ? BindingDelay : InstanceDelay;

    private static TimeSpan Seconds(JsonObject config, string key) =>
        JsonNumbers.TryGetSeconds(config[key], MaximumDelaySeconds, out var delay) ? delay : TimeSpan.Zero;
}
