using System.Text;
using Esm.Service.Security;

namespace Esm.Service.Tests.Security;

public sealed class BasicCredentialVerifierTests
{
    private static readonly BasicCredentialVerifier Verifier = new(new BrokerCredentials
    {
        BrokerUsername = "platform-user",
        BrokerPassword = "pässword:with-colon",
        AdminUsername = "operator-user",
        AdminPassword = "operator-password",
    });

    [TestCase("platform-user:pässword:with-colon", LoginOutcome.Platform)]
    [TestCase("operator-user:operator-password", LoginOutcome.Operator)]
    [TestCase("platform-user:operator-password", LoginOutcome.Wrong)]
    [TestCase("operator-user:pässword:with-colon", LoginOutcome.Wrong)]
    [TestCase("platform-user:pässword", LoginOutcome.Wrong)]
    [TestCase("platform-user", LoginOutcome.Wrong)]
    [TestCase(":", LoginOutcome.Wrong)]
    [TestCase("", LoginOutcome.Wrong)]
    public void Basic_credentials_name_the_principal_whose_user_and_password_both_match(string credentials, LoginOutcome expected) =>
        Assert.That(Verifier.Verify(Basic(credentials)).Outcome, Is.EqualTo(expected));

    [Test]
    public void The_scheme_is_case_insensitive_and_white_space_around_the_value_is_ignored() =>
        Assert.That(Verifier.Verify("basic   " + Encode("operator-user:operator-password") + "  ").Role, Is.EqualTo(BrokerRoles.Operator));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Bearer abc")]
    [TestCase("Basic")]
    public void Without_Basic_credentials_nothing_was_attempted(string? header)
    {
        var attempt = Verifier.Verify(header);
        Assert.That((attempt.Outcome, attempt.Failed, attempt.Role), Is.EqualTo((LoginOutcome.Absent, false, (string?)null)));
    }

    [TestCase("Basic %%%not-base64%%%")]
    [TestCase("Basic cGxhdGZvcm0tdXNlcg=,Basic eA==")]
    public void A_value_that_is_not_base64_is_a_failed_attempt(string header)
    {
        var attempt = Verifier.Verify(header);
        Assert.That((attempt.Outcome, attempt.Failed), Is.EqualTo((LoginOutcome.Malformed, true)));
    }

    [Test]
    public void A_long_value_is_decoded_and_refused_like_a_short_one()
    {
        var attempt = Verifier.Verify(Basic("platform-user:" + new string('x', 5000)));
        Assert.That((attempt.Outcome, attempt.ConfiguredUser), Is.EqualTo((LoginOutcome.Wrong, "platform-user")));
    }

    [Test]
    public void Invalid_UTF_8_never_matches_a_password_of_replacement_characters()
    {
        var verifier = new BasicCredentialVerifier(new BrokerCredentials { BrokerUsername = "u", BrokerPassword = "\uFFFD", AdminUsername = "a", AdminPassword = "b" });
        var header = "Basic " + Convert.ToBase64String([(byte)'u', (byte)':', 0xFF]);
        Assert.That(verifier.Verify(header).Outcome, Is.EqualTo(LoginOutcome.Wrong));
        Assert.That(verifier.Verify(Basic("u:\uFFFD")).Outcome, Is.EqualTo(LoginOutcome.Platform));
    }

    [Test]
    public void A_failed_attempt_names_its_user_only_when_that_is_a_configured_user()
    {
        Assert.That(Verifier.Verify(Basic("operator-user:guess")).ConfiguredUser, Is.EqualTo("operator-user"));
        Assert.That(Verifier.Verify(Basic("my-secret-typed-as-user:x")).ConfiguredUser, Is.Null);
        Assert.That(Verifier.Verify(Basic("my-secret-typed-without-user")).ConfiguredUser, Is.Null);
    }

    [Test]
    public void A_principal_without_configured_credentials_matches_nothing()
    {
        var verifier = new BasicCredentialVerifier(new BrokerCredentials { BrokerUsername = "u", BrokerPassword = "p" });
        Assert.That(verifier.Verify(Basic(":")).Outcome, Is.EqualTo(LoginOutcome.Wrong));
        Assert.That(verifier.Verify(Basic("u:p")).Outcome, Is.EqualTo(LoginOutcome.Platform));
    }

    private static string Basic(string credentials) => "Basic " + Encode(credentials);

    private static string Encode(string credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
}
