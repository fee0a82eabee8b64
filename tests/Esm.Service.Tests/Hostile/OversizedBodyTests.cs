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

    [Test]
    public void Every_padding_reaches_the_size_asked_for_on_every_body()
    {
        // The smallest size the property asks for: a padding that fell short of it would send a
        // body under the limit and get the body's own answer instead of 413.
        var size = HostileBroker.BodyLimitBytes + 1;
        foreach (var operation in ApiSurface.WithBody)
        {
            foreach (var padding in new[] { "whitespace", "long string", "many members" })
            {
                Assert.That(Padded(operation.ValidBody!(), size, padding), Has.Length.AtLeast(size), $"{operation} padded with {padding}");
            }
        }
    }

    private static byte[] Padded(JsonObject body, int size, string padding)
    {
        var text = body.ToJsonString();
        var missing = Math.Max(1, size - Encoding.UTF8.GetByteCount(text));
        return padding switch
        {
            "whitespace" => Encoding.UTF8.GetBytes("{" + new string(' ', missing) + text[1..]),
            "long string" => LongString(body, missing),
            _ => Encoding.UTF8.GetBytes(text[..^1] + string.Concat(Enumerable.Range(0, (missing / 10) + 1).Select(i => $",\"p{i:D6}\":0")) + "}"),
        };
    }

    /// <summary>The body with its first string replaced by one long enough to add <paramref name="missing"/> bytes, whatever the string it replaces.</summary>
    private static byte[] LongString(JsonObject body, int missing)
    {
        var position = JsonPositions.All(body).First(p => JsonPositions.At(body, p)?.GetValueKind() == JsonValueKind.String);
        var replaced = Encoding.UTF8.GetByteCount(JsonPositions.At(body, position)!.ToJsonString());
        return JsonSplice.At(body, position, $"\"{new string('x', missing + replaced - 2)}\"");
    }
}
