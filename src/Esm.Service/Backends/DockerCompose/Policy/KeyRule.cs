using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose.Policy;

/// <summary>
/// What the policy says of one key of a mapping: allowed in a <see cref="Shape"/>, or refused; a
/// refused key names the <see cref="Exception"/> (an ESM_COMPOSE_ALLOW name) that lets an operator
/// allow it, or none when nothing may.
/// </summary>
/// <param name="Required">Whether the mapping must have this key (compose itself would refuse it without).</param>
public sealed record KeyRule(string Key, ValueShape? Shape, string? Exception = null, string? Reason = null, bool Required = false)
{
    public static KeyRule Allowed(string key, ValueShape shape) => new(key, shape);

    public static KeyRule Needed(string key, ValueShape shape) => new(key, shape, Required: true);

    /// <summary>Refused unless the operator names <paramref name="exception"/>; then taken as it is.</summary>
    public static KeyRule Refused(string key, string exception, string reason) => new(key, null, exception, reason);

    /// <summary>Refused whatever the configuration.</summary>
    public static KeyRule Never(string key, string reason) => new(key, null, null, reason);

    public void Check(string path, YamlNode value, Violations found)
    {
        if (Shape is not null)
        {
            Shape.Check(path, value, found);
        }
        else if (Exception is null)
        {
            found.Never(path, Reason!);
        }
        else
        {
            found.Refuse(path, Reason!, Exception);
        }
    }
}
