using System.Text.Json.Nodes;
using Esm.Service.Broker;

namespace Esm.Service.Tests.Broker;

public sealed class RequestFingerprintTests
{
    [Test]
    public void Key_order_does_not_matter_at_any_depth()
    {
        var first = RequestFingerprint.Of(new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["c"] = 2, ["d"] = new JsonArray(3, 4) } });
        var second = RequestFingerprint.Of(new JsonObject { ["b"] = new JsonObject { ["d"] = new JsonArray(3, 4), ["c"] = 2 }, ["a"] = 1 });
        Assert.That(RequestFingerprint.Same(first, second), Is.True);
    }

    [TestCase("""{"a":1,"b":{"c":3}}""")]
    [TestCase("""{"a":1,"b":{"c":"2"}}""")]
    [TestCase("""{"a":1,"b":{"c":2},"e":null}""")]
    [TestCase("""{"a":1,"b":[2]}""")]
    public void A_different_value_or_member_is_a_different_request(string other)
    {
        var original = RequestFingerprint.Of(JsonNode.Parse("""{"a":1,"b":{"c":2}}""")!.AsObject());
        Assert.That(RequestFingerprint.Same(original, RequestFingerprint.Of(JsonNode.Parse(other)!.AsObject())), Is.False);
    }

    [Test]
    public void A_fingerprint_is_a_short_hash_not_the_request_text()
    {
        var parameters = new JsonObject { ["blob"] = new string('x', 4000) };
        var fingerprint = RequestFingerprint.Of(new JsonObject { ["parameters"] = parameters });
        Assert.That(fingerprint, Does.StartWith("sha256:").And.Length.LessThan(64));
    }

    [Test]
    public void The_canonical_text_stored_before_hashing_still_names_its_request()
    {
        var stored = """{"a":1,"b":{"c":2,"d":[3,4]}}""";
        var request = new JsonObject { ["b"] = new JsonObject { ["d"] = new JsonArray(3, 4), ["c"] = 2 }, ["a"] = 1 };
        Assert.That(RequestFingerprint.Same(stored, RequestFingerprint.Of(request)), Is.True);
        Assert.That(RequestFingerprint.Same(stored, RequestFingerprint.Of(new JsonObject { ["a"] = 2 })), Is.False);
    }
}
