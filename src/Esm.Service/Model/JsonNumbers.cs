using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Model;

/// <summary>
/// Reads a number from a JSON node whatever backs it (a parsed document or a CLR value):
/// JsonValue.TryGetValue only converts between the types it was created from.
/// </summary>
public static class JsonNumbers
{
    public static bool TryGet(JsonNode? node, out double number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
    }

    /// <summary>
    /// A number of seconds from 0 to <paramref name="maximumSeconds"/> as a duration; false for
    /// anything else (not a number, negative, beyond the maximum, or beyond what a double holds,
    /// such as 1e400, which a duration could never be made of).
    /// </summary>
    public static bool TryGetSeconds(JsonNode? node, double maximumSeconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!TryGet(node, out var seconds) || seconds < 0 || seconds > maximumSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
