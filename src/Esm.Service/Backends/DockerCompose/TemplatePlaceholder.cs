using System.Globalization;
using System.Text.RegularExpressions;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// One <c>${...}</c> of a credentials or endpoints template: <c>${host}</c>, the advertised host;
/// <c>${port:SERVICE:PORT}</c> (or <c>PORT/udp</c>), the host port Docker published for that
/// container port; <c>${NAME}</c>, one of the instance's variables (secrets and parameters).
/// </summary>
public sealed partial record TemplatePlaceholder(string Text, string? Variable = null, string? Service = null, int Port = 0, string Protocol = "tcp")
{
    public bool IsHost => Variable == ConnectionTemplate.HostName;

    public bool IsPort => Service is not null;

    /// <exception cref="InvalidManifestException">Not one of the three forms.</exception>
    public static TemplatePlaceholder Parse(string inner)
    {
        var text = "${" + inner + "}";
        if (PortForm().Match(inner) is { Success: true } port)
        {
            var number = int.Parse(port.Groups["port"].Value, CultureInfo.InvariantCulture);
            return number is > 0 and <= 65535
                ? new TemplatePlaceholder(text, Service: port.Groups["service"].Value, Port: number, Protocol: port.Groups["protocol"].Success ? port.Groups["protocol"].Value : "tcp")
                : throw new InvalidManifestException($"{text}: {number} is not a port");
        }

        return inner == ConnectionTemplate.HostName || ComposePlanConfig.VariableNameProblem(inner) is null
            ? new TemplatePlaceholder(text, Variable: inner)
            : throw new InvalidManifestException($"{text} is not ${{host}}, ${{port:SERVICE:PORT}} or ${{NAME}} of a variable");
    }

    [GeneratedRegex(@"^port:(?<service>[a-zA-Z0-9][a-zA-Z0-9._-]*):(?<port>\d{1,5})(/(?<protocol>tcp|udp))?$")]
    private static partial Regex PortForm();
}
