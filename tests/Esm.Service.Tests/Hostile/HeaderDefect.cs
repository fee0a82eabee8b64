using System.Text;
using System.Text.RegularExpressions;
using Esm.Service.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// One thing wrong with a request's headers that must stop it whatever else it holds: the
/// credentials (missing, wrong, malformed, repeated, huge, or the other principal's), the
/// version header (missing, repeated, not 2.x), or the originating identity (no value, not
/// base64, not JSON, not an object, nested too deep, huge, an unpaired surrogate).
/// </summary>
/// <param name="Applies">Whether the endpoint looks at the header at all.</param>
/// <param name="Status">What the endpoint must answer.</param>
public sealed partial record HeaderDefect(string Name, Func<ApiOperation, bool> Applies, Func<HostileRequest, ApiOperation, HostileRequest> Apply, int Status)
{
    private const string Authorization = "Authorization";

    public static Gen<HeaderDefect> Any { get; } = Gen.OneOf(Credentials(), Version(), OriginatingIdentity());

    public override string ToString() => Name;

    private static Gen<HeaderDefect> Credentials()
    {
        var anyone = (ApiOperation _) => true;
        return Gen.OneOf(
            Gen.Constant(new HeaderDefect("no credentials", anyone, (r, _) => r.WithoutHeader(Authorization), 401)),
            from user in HostileText.Random(20)
            from password in HostileText.Random(20)
            select Credential($"wrong password for '{user}'", HostileRequest.Basic(user, password)),
            from near in Gen.Elements("x", "platform-passwor", "platform-password ", "PLATFORM-PASSWORD", "operator-passwordx", string.Empty)
            select Credential($"near miss '{near}'", HostileRequest.Basic(BrokerFactory.PlatformUser, near)),
            Gen.Constant(Credential("users and passwords swapped", HostileRequest.Basic(BrokerFactory.PlatformUser, BrokerFactory.OperatorPassword))),
            Gen.Constant(Credential("no colon", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(BrokerFactory.PlatformUser)))),
            from junk in HostileText.Random(40)
            select Credential("not base64", "Basic " + junk),
            from scheme in Gen.Elements("Bearer x", "Digest username=\"a\"", "Negotiate abc", "Basic", "Basic ", "basic", "Token platform-password", string.Empty)
            select Credential($"scheme '{scheme}'", scheme),
            Gen.Constant(Credential("huge", "Basic " + new string('A', 100_000))),
            Gen.Constant(new HeaderDefect(
                "credentials repeated",
                anyone,
                (r, _) => r.WithHeader(Authorization, r.Headers.First(h => h.Key == Authorization).Value),
                401)),
            Gen.Constant(new HeaderDefect(
                "the other principal",
                anyone,
                (r, operation) => r.WithoutHeader(Authorization).WithHeader(Authorization, operation.Principal == Principal.Platform
                    ? HostileRequest.Basic(BrokerFactory.OperatorUser, BrokerFactory.OperatorPassword)
                    : HostileRequest.Basic(BrokerFactory.PlatformUser, BrokerFactory.PlatformPassword)),
                403)));
    }

    private static Gen<HeaderDefect> Version()
    {
        var osb = (ApiOperation operation) => operation.Principal == Principal.Platform;
        var curated = Gen.Elements("3.0", "1.99", "2", "2.", ".17", "2.017", "2.17.0", "v2.17", "2.1234567", "２.17", "2.x", "2,17", "latest", "2.17;q=1", string.Empty);
        var values = Gen.OneOf(curated, HostileText.Random(12)).Where(v => !SupportedVersion().IsMatch(v.Trim()));
        return Gen.OneOf(
            Gen.Constant(new HeaderDefect("no version", osb, (r, _) => r.WithoutHeader(ApiOperation.VersionHeader), 412)),
            Gen.Constant(new HeaderDefect("version repeated", osb, (r, _) => r.WithHeader(ApiOperation.VersionHeader, "2.17"), 412)),
            from value in values
            select new HeaderDefect($"version '{value}'", osb, (r, _) => r.WithoutHeader(ApiOperation.VersionHeader).WithHeader(ApiOperation.VersionHeader, value), 412));
    }

    private static Gen<HeaderDefect> OriginatingIdentity()
    {
        var values = Gen.OneOf(
            Gen.Elements("cloudfoundry", " eyJ1c2VyX2lkIjoiYSJ9", "cloudfoundry !!!", "cloudfoundry e30", "cloudfoundry " + new string('A', 100_001)),
            HostileText.Random(30).Select(junk => "cloudfoundry " + junk + "!"),
            from json in Gen.Elements("not json", "[1,2]", "\"text\"", "5", "true", "null", "{\"a\":", "{\"user_id\":\"\\ud800\"}", Deep(10_000), "[" + new string('1', 80_000) + "]")
            from platform in Gen.Elements("cloudfoundry", "kubernetes", "🦄", "a\u0001b")
            select $"{platform} {Convert.ToBase64String(Encoding.UTF8.GetBytes(json))}");
        return from value in values
               select new HeaderDefect(
                   $"originating identity '{(value.Length > 60 ? value[..60] + "..." : value)}'",
                   operation => operation.ReadsOriginatingIdentity,
                   (r, _) => r.WithHeader(ApiOperation.IdentityHeader, value),
                   400);
    }

    private static HeaderDefect Credential(string name, string authorization) =>
        new(name, _ => true, (r, _) => r.WithoutHeader(Authorization).WithHeader(Authorization, authorization), 401);

    private static string Deep(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    /// <summary>api.yaml: any 2.x; a value of this form would be accepted, so it is no defect.</summary>
    [GeneratedRegex(@"\A2\.(0|[1-9][0-9]{0,5})\z")]
    private static partial Regex SupportedVersion();
}
