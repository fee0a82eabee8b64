using Esm.Service.Model;

namespace Esm.Service.Tests.Stores;

public sealed class IndexedFieldValuesTests
{
    private static readonly IndexedFieldValues Fields = new(new("plan_id", "small"), new("live", "true"));

    [Test]
    public void Reads_as_a_dictionary_in_the_order_given()
    {
        Assert.That(Fields, Has.Count.EqualTo(2));
        Assert.That(Fields["live"], Is.EqualTo("true"));
        Assert.That(Fields.TryGetValue("plan_id", out var plan) ? plan : null, Is.EqualTo("small"));
        Assert.That(Fields.Keys, Is.EqualTo(new[] { "plan_id", "live" }));
        Assert.That(Fields.Values, Is.EqualTo(new[] { "small", "true" }));
        Assert.That(Fields.ToDictionary(), Is.EquivalentTo(new Dictionary<string, string> { ["plan_id"] = "small", ["live"] = "true" }));
    }

    [Test]
    public void An_absent_field_is_not_found()
    {
        Assert.That(Fields.ContainsKey("PLAN_ID"), Is.False, "names compare ordinally");
        Assert.That(Fields.TryGetValue("service_id", out _), Is.False);
        Assert.That(() => Fields["service_id"], Throws.TypeOf<KeyNotFoundException>());
    }

    [Test]
    public void A_field_given_twice_is_refused() =>
        Assert.That(() => new IndexedFieldValues(new("live", "true"), new("plan_id", "a"), new("live", "false")), Throws.ArgumentException);
}
