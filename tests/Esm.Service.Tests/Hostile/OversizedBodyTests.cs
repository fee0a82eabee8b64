using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Bodies over ESM_MAX_BODY_BYTES (64 KB here) on every operation: valid bodies padded with
/// whitespace, a long string or many members (which would succeed under the limit), and noise
/// on the operations that read none. With a Content-Length they are refused before anything
/// else; chunked, where the body is read, as soon as it grows past the limit. Always 413.
/// </summary>
public sealed class OversizedBodyTests : HostileFixture
{
    [Test]
    public void Bodies_over_the_limit_are_413_with_an_osb_error() => Check(
        Gen.CollectToList(ApiSurface.Operations, operation =>
            from size in Gen.Choose(HostileBroker.BodyLimitBytes + 1, 3 * HostileBroker.BodyLimitBytes)
            from padding in Gen.Elements("whitespace", "long string", "many members")
            from chunked in operation.HasBody ? Gen.Elements(false, true) : Gen.Constant(false)
            select operation.Build(body: Padded(operation.ValidBody?.Invoke() ?? new JsonObject { ["pad"] = "" }, size, padding)) with { Chunked = chunked }),
        requests => requests.Select(request => Attempt.RefusedWith(request, (int)HttpStatusCode.RequestEntityTooLarge)),
        cases: 40);

    private static byte[] Padded(JsonObject body, int size, string padding)
    {
        var text = body.ToJsonString();
        var missing = Math.Max(1, size - Encoding.UTF8.GetByteCount(text));
        return padding switch
        {
            "whitespace" => Encoding.UTF8.GetBytes("{" + new string(' ', missing) + text[1..]),
            "long string" => JsonSplice.At(body, FirstString(body), $"\"{new string('x', missing)}\""),
            _ => Encoding.UTF8.GetBytes(text[..^1] + string.Concat(Enumerable.Range(0, (missing / 10) + 1).Select(i => $",\"p{i:D6}\":0")) + "}"),
        };
    }

    private static IReadOnlyList<object> FirstString(JsonObject body) =>
        JsonPositions.All(body).First(p => JsonPositions.At(body, p)?.GetValueKind() == JsonValueKind.String);
}
