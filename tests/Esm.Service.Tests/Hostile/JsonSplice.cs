using System.Text;
using System.Text.Json.Nodes;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Puts raw JSON text into a document at a path: text a JSON writer would refuse or rewrite
/// (an unpaired surrogate escape, 10,000 levels of nesting, 1e400, duplicate keys) goes in as it is.
/// </summary>
public static class JsonSplice
{
    private const string Placeholder = "HOSTILE-SPLICE-7f3a";

    public static byte[] At(JsonNode template, IReadOnlyList<object> path, string raw) =>
        Encoding.UTF8.GetBytes(JsonPositions.With(template, path, Placeholder)!.ToJsonString().Replace($"\"{Placeholder}\"", raw, StringComparison.Ordinal));

    /// <summary>A new member named <paramref name="rawName"/> (escaped as it should appear) in the object at <paramref name="path"/>.</summary>
    public static byte[] MemberAt(JsonNode template, IReadOnlyList<object> path, string rawName, string rawValue)
    {
        var copy = template.DeepClone();
        JsonPositions.At(copy, path)!.AsObject()[Placeholder] = 0;
        return Encoding.UTF8.GetBytes(copy.ToJsonString().Replace($"\"{Placeholder}\":0", $"\"{rawName}\":{rawValue}", StringComparison.Ordinal));
    }
}
