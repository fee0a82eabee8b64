using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Numbers no field can hold (past Int64 and decimal, past double, below its smallest, thousands
/// of digits) in every field of every body and in every query parameter: each is refused with an
/// OSB error, none is a 5xx, and no long number comes back or reaches the log whole.
/// </summary>
public sealed partial class MalformedNumberTests : HostileFixture
{
    /// <summary>A run of digits this long is a number copied whole, not a field name or an id.</summary>
    private const int EchoedDigits = 64;

    private static readonly Gen<string> Numbers = Gen.OneOf(
        Gen.Elements(
            "92233720368547758080", "-92233720368547758080", "18446744073709551616", "79228162514264337593543950336",
            "1e400", "-1e400", "1E+309", "1e-400", "-0", "0.0000000000000000000000000000000000000001", "123456789012345678901234567890.5",
            "7.5", "1e2", "-1"),
        from digits in Gen.Choose(EchoedDigits, 5000)
        from sign in Gen.Elements(string.Empty, "-")
        from fraction in Gen.Elements(string.Empty, ".5", "e10", "e-10")
        select sign + "9" + new string('8', digits) + fraction);

    [Test]
    public void A_malformed_number_in_any_field_is_refused_and_never_echoed_whole() => CheckNotEchoed(
        from field in Gen.Elements(Fields().ToArray())
        from number in Numbers
        let body = JsonPositions.With(field.Template, field.Position, JsonNode.Parse(number))!.ToJsonString()
        select Attempt.Refused(field.Operation.BuildDoomed() with { Body = Encoding.UTF8.GetBytes(body) }),
        cases: 300);

    [Test]
    public void A_malformed_number_in_any_query_parameter_is_never_a_5xx_nor_echoed_whole() => CheckNotEchoed(
        from operation in Gen.Elements(ApiSurface.Operations.Where(o => o.Query.Count > 0 && !o.Mutates).ToArray())
        from parameter in Gen.Elements(operation.Query.Keys.ToArray())
        from number in Numbers
        select Attempt.MayPass(operation.Build(new Dictionary<string, string> { [parameter] = Uri.EscapeDataString(number) })),
        cases: 200);

    private void CheckNotEchoed(Gen<Attempt> attempts, int cases)
    {
        var logged = Broker.Factory.Logs.Lines.Count;
        Prop.ForAll(Arb.From(attempts), async attempt =>
        {
            using var response = await Broker.SendAsync(attempt.Request);
            await CleanRefusal.CheckAsync(attempt, response);
            var body = await response.Content.ReadAsStringAsync();
            if (LongNumber().IsMatch(body))
            {
                throw new AssertionException($"a long number was echoed: {attempt.Request} -> {body[..Math.Min(400, body.Length)]}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));

        Assert.That(Broker.Factory.Logs.Lines.Skip(logged).Where(line => LongNumber().IsMatch(line)).Select(line => line[..Math.Min(300, line.Length)]), Is.Empty, "a long number reached the log whole");
    }

    private static IEnumerable<(ApiOperation Operation, JsonObject Template, IReadOnlyList<object> Position)> Fields() =>
        from operation in ApiSurface.WithBody
        let template = operation.DoomedBody!()
        from position in JsonPositions.All(template)
        where position.Count > 0
        select (operation, template, position);

    [GeneratedRegex(@"\d{64}")]
    private static partial Regex LongNumber();
}
