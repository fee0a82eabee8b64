using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Doomed bodies whose free-form objects are huge but within the body limit: thousands of
/// members, long strings in any script, long arrays, numbers past double and decimal, duplicate
/// keys, keys like "../../etc/passwd" or "__proto__". They are read and converted, and refused
/// for the doomed value only.
/// </summary>
public sealed class HugeParametersTests : HostileFixture
{
    [Test]
    public void Huge_free_form_objects_within_the_limit_are_read_and_refused_cleanly() => Check(
        Gen.CollectToList(ApiSurface.WithBody, operation =>
            HostileJson.WithHugeObject(operation.DoomedBody!(), HostileBroker.BodyLimitBytes - 1024).Select(body => operation.BuildDoomed() with { Body = body })),
        requests => requests.Select(Attempt.Refused),
        cases: 100);
}
