using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Esm.Service.Catalog;

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
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
