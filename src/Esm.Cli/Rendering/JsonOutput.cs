using System.Text.Json;
using System.Text.Json.Serialization;

namespace Esm.Cli.Rendering;

/// <summary>--json: the operator API's own JSON shapes (snake_case, OSB state spellings), unset fields left out.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Document = Options(indented: true);
    private static readonly JsonSerializerOptions Line = Options(indented: false);

    /// <summary>One JSON document, indented.</summary>
    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Document));

    /// <summary>One JSON object on one line: a stream of events, one per line.</summary>
    public static void WriteLine<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Line));

    private static JsonSerializerOptions Options(bool indented) => new()
    {
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
