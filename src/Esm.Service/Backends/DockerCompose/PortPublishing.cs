using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esm.Service.Backends.DockerCompose;

/// <summary>
/// How ESM publishes a service's <c>ports</c> entry: on the publish address unless the entry names
/// one, and on the instance's pinned host port unless the entry names one. Entries ESM cannot
/// read for sure (ranges, interpolation) are only given the address, or left as they are.
/// </summary>
public static partial class PortPublishing
{
    public static YamlNode Publish(YamlNode entry, string service, string address, PinnedPorts pins) =>
        entry is YamlMappingNode longSyntax ? PublishLong(longSyntax, service, address, pins) : PublishShort(entry, service, address, pins);

    /// <summary>Long syntax: <c>{target, published, host_ip, protocol}</c>.</summary>
    private static YamlMappingNode PublishLong(YamlMappingNode port, string service, string address, PinnedPorts pins)
    {
        if (port.Get("host_ip") is null)
        {
            port.Add("host_ip", Quoted(address));
        }

        var protocol = port.Get("protocol").Text() ?? "tcp";
        if (port.Get("published").IsNull() && int.TryParse(port.Get("target").Text(), NumberStyles.None, CultureInfo.InvariantCulture, out var target)
            && pins.For(service, target, protocol) is { } pinned)
        {
            if (port.Children.Keys.FirstOrDefault(k => k.Text() == "published") is { } empty)
            {
                port.Children.Remove(empty);
            }

            port.Add("published", Quoted(pinned.ToString(CultureInfo.InvariantCulture)));
        }

        return port;
    }

    /// <summary>Short syntax: <c>[[ADDRESS:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>.</summary>
    private static YamlNode PublishShort(YamlNode entry, string service, string address, PinnedPorts pins)
    {
        var text = entry.Text() ?? string.Empty;
        if (ShortSyntax().Match(text) is not { Success: true } port)
        {
            return entry;
        }

        var protocol = port.Groups["protocol"].Success ? port.Groups["protocol"].Value : "tcp";
        var host = port.Groups["host"].Value;
        if (host.Length == 0 && int.TryParse(port.Groups["target"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var target)
            && pins.For(service, target, protocol) is { } pinned)
        {
            host = pinned.ToString(CultureInfo.InvariantCulture);
        }

        var ip = port.Groups["address"].Success
            ? port.Groups["address"].Value
            : address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
        return Quoted($"{ip}:{host}:{port.Groups["target"].Value}{(port.Groups["protocol"].Success ? "/" + protocol : string.Empty)}");
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };

    /// <summary>An IPv6 address must be in brackets, as compose wants it; ranges are never pinned.</summary>
    [GeneratedRegex(@"^(?:(?:(?<address>\[[0-9A-Fa-f:.]+\]|[0-9.]+):)?(?<host>(?:\d+(?:-\d+)?)?):)?(?<target>\d+(?:-\d+)?)(?:/(?<protocol>tcp|udp|sctp))?$")]
    private static partial Regex ShortSyntax();
}
