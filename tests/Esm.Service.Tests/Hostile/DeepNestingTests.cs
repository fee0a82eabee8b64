using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Valid bodies whose free-form objects (parameters, context, config, a plan...) or a new member
/// are nested arrays and objects from just past the reader's limit of 64 levels up to 10,000:
/// refused with a 400, not a stack overflow, not a 500.
/// </summary>
public sealed class DeepNestingTests : HostileFixture
{
    [Test]
    public void Deeply_nested_bodies_are_refused_with_an_osb_error() => Check(
        Gen.CollectToList(ApiSurface.WithBody, operation =>
            HostileJson.DeeplyNested(operation.ValidBody!()).Select(body => operation.Build(body: body))),
        requests => requests.Select(Attempt.Refused),
        cases: 100);
}
