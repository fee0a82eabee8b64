using FsCheck;
using FsCheck.Fluent;

namespace Esm.Service.Tests.Hostile;

/// <summary>
/// Requests that succeed on the seeds (deprovision the seeded instance, delete the seeded
/// manifest, recreate...), each with one defect in its headers, on every operation that looks
/// at that header, some with a hostile X-Broker-API-Request-Identity as well (which is echoed,
/// and must never break the answer). The defect must stop each with its status; the store
/// shows that none got through.
/// </summary>
public sealed class HostileHeaderTests : HostileFixture
{
    [Test]
    public void A_defect_in_the_credentials_the_version_or_the_originating_identity_stops_every_operation() => Check(
        from defect in HeaderDefect.Any
        from requestIdentity in Gen.OneOf(Gen.Constant<string?>(null), HostileText.Id.Select(id => (string?)id))
        select (Defect: defect, RequestIdentity: requestIdentity),
        input => ApiSurface.Operations.Where(input.Defect.Applies).Select(operation =>
        {
            var request = input.Defect.Apply(operation.BuildValid(), operation);
            return Attempt.RefusedWith(input.RequestIdentity is null ? request : request.WithHeader("X-Broker-API-Request-Identity", input.RequestIdentity), input.Defect.Status);
        }),
        cases: 200);
}
