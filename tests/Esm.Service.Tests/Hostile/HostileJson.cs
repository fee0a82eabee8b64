using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>Generators of hostile JSON bodies, each built from a template body of an operation.</summary>
public static class HostileJson
{
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0xBC], [0xFF], [0xFE], [0x80],
        [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"a\udc00b", @"\ud83e", @"\udd84\ud83e", @"\ud800\ud800"];

    private static readonly string[] Damages = ["trailing comma", "comment", "single quotes", "NaN", "garbage after", "two documents", "structural character removed"];

    /// <summary>
    /// Bodies that are not JSON, or not well-formed UTF-8 or UTF-16 text, made from a valid body:
    /// truncated, random bytes or JSON-like noise, invalid UTF-8 sequences inserted, unpaired
    /// surrogate escapes in known fields, or structurally damaged. None can be read.
    /// </summary>
    public static Gen<byte[]> Malformed(JsonObject valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid.ToJsonString());
        var strings = JsonPositions.All(valid).Where(p => JsonPositions.At(valid, p)?.GetValueKind() == JsonValueKind.String).ToArray();
        var members = JsonPositions.All(valid).Where(p => p.Count > 0 && JsonPositions.At(valid, p) is JsonObject).ToArray();
        return Gen.OneOf(
            Gen.Choose(0, bytes.Length - 1).Select(length => bytes[..length]),
            from length in Gen.Choose(1, 512)
            from noise in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
            select noise,
            from length in Gen.Choose(1, 256)
            from noise in Gen.ArrayOf(Gen.Elements("{}[]\":,0123456789.eE+-tfnrulase \\u".ToCharArray()), length)
            select Encoding.UTF8.GetBytes(new string(noise)),
            from at in Gen.Choose(0, bytes.Length)
            from sequence in Gen.Elements(InvalidUtf8)
            select (byte[])[.. bytes[..at], .. sequence, .. bytes[at..]],
            from position in Gen.Elements(strings)
            from surrogate in Gen.Elements(LoneSurrogates)
            select JsonSplice.At(valid, position, $"\"{surrogate}\""),
            from position in Gen.Elements(members)
            from surrogate in Gen.Elements(LoneSurrogates)
            select JsonSplice.MemberAt(valid, position, surrogate, "1"),
            from damage in Gen.Elements(Damages)
            from seed in Gen.Choose(0, int.MaxValue)
            select Encoding.UTF8.GetBytes(Damage(valid.ToJsonString(), damage, new Random(seed))));
    }

    /// <summary>The template with the value at one position replaced by a value of another JSON kind.</summary>
    public static Gen<byte[]> WrongTypeAt(JsonObject template, IReadOnlyList<object> position)
    {
        var kind = Kind(JsonPositions.At(template, position));
        return ValueOfAnotherKind(kind).Select(raw => JsonSplice.At(template, position, raw));
    }

    /// <summary>
    /// The template with one of its objects (or a new member of the body) replaced by arrays,
    /// objects or both nested past the reader's depth limit of 64, up to 10,000 levels.
    /// </summary>
    public static Gen<byte[]> DeeplyNested(JsonObject template)
    {
        var objects = JsonPositions.All(template).Where(p => p.Count > 0 && JsonPositions.At(template, p) is JsonObject).ToArray();
        var depth = Gen.Frequency((1, Gen.Constant(65)), (1, Gen.Choose(66, 200)), (2, Gen.Choose(1_000, 10_000)), (1, Gen.Constant(10_000)));
        var nested = from levels in depth
                     from shape in Gen.Elements("arrays", "objects", "both")
                     select Nested(levels, shape);
        return Gen.OneOf(
            from position in Gen.Elements(objects)
            from text in nested
            select JsonSplice.At(template, position, text),
            nested.Select(text => JsonSplice.MemberAt(template, [], "x-deep", text)));
    }

    /// <summary>The template with one of its objects replaced by a large one that stays within <paramref name="budgetBytes"/>.</summary>
    public static Gen<byte[]> WithHugeObject(JsonObject template, int budgetBytes)
    {
        var objects = JsonPositions.All(template).Where(p => p.Count > 0 && JsonPositions.At(template, p) is JsonObject).ToArray();
        var room = budgetBytes - Encoding.UTF8.GetByteCount(template.ToJsonString());
        return from position in Gen.Elements(objects)
               from huge in HugeObject(room)
               select JsonSplice.At(template, position, huge);
    }

    /// <summary>Huge free-form objects, legal or with a member named twice in one object.</summary>
    public static Gen<string> HugeObject(int maximumBytes) =>
        Gen.Frequency((5, LegalHugeObject(maximumBytes)), (1, Gen.Constant("{\"a\":1,\"a\":2,\"b\":{\"a\":[1],\"a\":[2]}}")));

    /// <summary>
    /// Free-form objects a Platform may legally send, at sizes up to <paramref name="maximumBytes"/>:
    /// thousands of members, long strings of any script, long arrays, numbers at and past the
    /// ranges of double and decimal, and keys that look like paths or operators.
    /// </summary>
    public static Gen<string> LegalHugeObject(int maximumBytes) => Gen.OneOf(
        Gen.Choose(1, Math.Max(1, maximumBytes / 16)).Select(count => "{" + string.Join(',', Enumerable.Range(0, count).Select(i => $"\"k{i}\":{i}")) + "}"),
        from unit in Gen.Elements("x", "é", "日本", "🦄", "\\u202e", "\\\\", "\\\"", "\\n")
        from length in Gen.Choose(1, Math.Max(1, (maximumBytes - 16) / 8))
        select "{\"s\":\"" + string.Concat(Enumerable.Repeat(unit, length)) + "\"}",
        Gen.Choose(1, Math.Max(1, maximumBytes / 8)).Select(count => "{\"a\":[" + string.Join(',', Enumerable.Range(0, count)) + "]}"),
        Gen.Constant("{\"max\":1.7976931348623157e308,\"past\":1e400,\"tiny\":1e-400,\"big\":123456789012345678901234567890,\"negzero\":-0,\"exp\":1E+2,\"precise\":0.1000000000000000000000000001}"),
        Gen.Constant("{\"\":1,\"../../etc/passwd\":1,\"$where\":\"1==1\",\"__proto__\":{\"admin\":true},\"constructor\":1,\"a\\u0000b\":1,\"$ref\":\"http://169.254.169.254/\",\"\\u202e\":1,\"🦄\":1}"));

    /// <summary>A JSON text of one of the kinds that are not <paramref name="kind"/>.</summary>
    private static Gen<string> ValueOfAnotherKind(string kind) =>
        Gen.Elements(new[] { "string", "number", "boolean", "null", "array", "object" }.Where(k => k != kind).ToArray()).SelectMany(ValueOf);

    private static Gen<string> ValueOf(string kind) => kind switch
    {
        "string" => Gen.Elements("\"\"", "\"true\"", "\"1\"", "\"null\"", "\"{}\"", "\"\\u0000\"", "\"" + new string('x', 5000) + "\""),
        "number" => Gen.Elements("0", "-1", "1.5", "1e400", "-0", "12345678901234567890123", "1.7976931348623157e308"),
        "boolean" => Gen.Elements("true", "false"),
        "null" => Gen.Constant("null"),
        "array" => Gen.Elements("[]", "[1]", "[\"a\"]", "[[]]", "[{}]", "[null]"),
        _ => Gen.Elements("{}", "{\"a\":1}", "{\"\":\"\"}", "{\"$ref\":\"#\"}"),
    };

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string Nested(int levels, string shape) => shape switch
    {
        "arrays" => new string('[', levels) + new string(']', levels),
        "objects" => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels),
        _ => string.Concat(Enumerable.Repeat("[{\"a\":", (levels + 1) / 2)) + "1" + string.Concat(Enumerable.Repeat("}]", (levels + 1) / 2)),
    };

    /// <summary>Damages a compact JSON text so that it is no longer JSON (only outside its strings, where a change could leave it valid).</summary>
    private static string Damage(string json, string damage, Random random)
    {
        var structural = Enumerable.Range(0, json.Length).Where(i => "{}[]:,\"".Contains(json[i]) && !InsideString(json, i)).ToList();
        var lastBrace = json.LastIndexOf('}');
        return damage switch
        {
            "trailing comma" => json[..lastBrace] + ",}",
            "comment" => json[..lastBrace] + "/* note */}",
            "single quotes" => json.Replace('"', '\''),
            "NaN" => json[..lastBrace] + ",\"x\":NaN}",
            "garbage after" => json + " x",
            "two documents" => json + json,
            _ => json.Remove(structural[random.Next(structural.Count)], 1),
        };
    }

    private static bool InsideString(string json, int index)
    {
        var inside = false;
        for (var i = 0; i < index; i++)
        {
            if (json[i] == '\\' && inside)
            {
                i++;
            }
            else if (json[i] == '"')
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
