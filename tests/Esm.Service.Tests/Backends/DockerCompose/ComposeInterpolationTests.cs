using Esm.Service.Backends.DockerCompose;

namespace Esm.Service.Tests.Backends.DockerCompose;

/// <summary>Compose's variable syntax, as the broker substitutes it for stack deploy.</summary>
public sealed class ComposeInterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["user"] = "ada",
        ["empty"] = "",
        ["price"] = "5$",
    };

    [TestCase("plain text", "plain text")]
    [TestCase("$user", "ada")]
    [TestCase("${user}", "ada")]
    [TestCase("hello $user!", "hello ada!")]
    [TestCase("$user_name", "")]
    [TestCase("${missing}", "")]
    [TestCase("${missing:-fallback}", "fallback")]
    [TestCase("${empty:-fallback}", "fallback")]
    [TestCase("${empty-fallback}", "")]
    [TestCase("${missing-fallback}", "fallback")]
    [TestCase("${user:+set}", "set")]
    [TestCase("${empty:+set}", "")]
    [TestCase("${empty+set}", "set")]
    [TestCase("${missing+set}", "")]
    [TestCase("${missing:-${user}}", "ada")]
    [TestCase("${missing:-a ${missing:-b} c}", "a b c")]
    [TestCase("${user:?must be set}", "ada")]
    public void Substitutes_each_form_as_compose_does(string text, string expected) =>
        Assert.That(ComposeInterpolation.Apply(text, Variables), Is.EqualTo(expected));

    [TestCase("$$user", "$$user")]
    [TestCase("cost: 5$", "cost: 5$$")]
    [TestCase("a $ b", "a $$ b")]
    [TestCase("${price}", "5$$")]
    [TestCase("$price and $$", "5$$ and $$")]
    public void Writes_every_literal_dollar_escaped_so_a_second_pass_yields_the_text(string text, string expected) =>
        Assert.That(ComposeInterpolation.Apply(text, Variables), Is.EqualTo(expected));

    [Test]
    public void A_value_that_looks_like_a_variable_is_not_substituted_again()
    {
        var variables = new Dictionary<string, string> { ["a"] = "${b}", ["b"] = "secret" };

        Assert.That(ComposeInterpolation.Apply("$a", variables), Is.EqualTo("$${b}"));
    }

    [TestCase("${unclosed", "does not close it")]
    [TestCase("${}", "does not start with a variable name")]
    [TestCase("${1abc}", "does not start with a variable name")]
    [TestCase("${user!x}", "is not one of")]
    [TestCase("${missing:?tell the operator}", "the variable 'missing' is required: tell the operator")]
    [TestCase("${empty:?}", "the variable 'empty' is required")]
    [TestCase("${missing?}", "the variable 'missing' is required")]
    public void Refuses_what_compose_refuses_with_a_reason(string text, string reason) =>
        Assert.That(
            () => ComposeInterpolation.Apply(text, Variables),
            Throws.TypeOf<InvalidManifestException>().With.Message.Contains(reason));
}
