using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Every field of every body (at any depth, array items and the body itself included), in turn,
/// given a value of another JSON kind: numbers, booleans, arrays, objects or null where a string
/// is expected, and so on. The bodies start from the doomed ones, so nothing can succeed.
/// </summary>
public sealed class WrongTypeTests : HostileFixture
{
    [Test]
    public void A_value_of_the_wrong_kind_in_any_field_is_refused_with_an_osb_error() => Check(
        Gen.CollectToList(Fields(), field =>
            HostileJson.WrongTypeAt(field.Template, field.Position).Select(body => field.Operation.BuildDoomed() with { Body = body })),
        requests => requests.Select(Attempt.Refused),
        cases: 25);

    [Test]
    public void Every_field_is_attacked() =>
        Assert.That(Fields().Count(), Is.GreaterThan(100), "the five bodies have over a hundred values between them");

    private static IEnumerable<(ApiOperation Operation, JsonObject Template, IReadOnlyList<object> Position)> Fields() =>
        from operation in ApiSurface.WithBody
        let template = operation.DoomedBody!()
        from position in JsonPositions.All(template)
        select (operation, template, position);
}
